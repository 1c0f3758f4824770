package org.airouter.admin.console;

import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.airouter.configfile.ConfigDiff;
import org.airouter.configfile.ConfigFileParser;
import org.airouter.configfile.ConfigTransfer;

/**
 * Export the configuration as the start-up file (provider keys only when asked), and import such a file or the
 * original Worker's export: upload, preview what would change, then apply.
 */
@Named
@ViewScoped
public class TransferPage implements Serializable {
  private static final long serialVersionUID = 1L;
  static final int MAX_UPLOAD = 2 * 1024 * 1024;

  @Inject ConsoleServices services;

  private boolean includeSecrets;
  private transient Part file;
  private String fileName;
  private String document;    // the uploaded text, kept between preview and apply
  private ConfigDiff diff;

  public void export() throws IOException {
    FacesContext faces = FacesContext.getCurrentInstance();
    ExternalContext external = faces.getExternalContext();
    byte[] body = services.config().export(includeSecrets).toString().getBytes(StandardCharsets.UTF_8);
    external.responseReset();
    external.setResponseContentType("application/json");
    external.setResponseContentLength(body.length);
    external.setResponseHeader("Content-Disposition", "attachment; filename=\"ai-router-config-"
        + LocalDate.now(ZoneOffset.UTC) + (includeSecrets ? "-with-secrets" : "") + ".json\"");
    try (OutputStream out = external.getResponseOutputStream()) {
      out.write(body);
    }
    faces.responseComplete();
  }

  public void preview() {
    diff = null;
    document = null;
    if (file == null || file.getSize() == 0) {
      Messages.fieldError("import:file", "Choose a file first.");
      return;
    }
    if (file.getSize() > MAX_UPLOAD) {
      Messages.fieldError("import:file", "The file is larger than 2 MB.");
      return;
    }
    try (InputStream in = file.getInputStream()) {
      document = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      Messages.fieldError("import:file", "The upload could not be read.");
      return;
    }
    fileName = file.getSubmittedFileName();
    diff = services.config().diff(ConfigFileParser.parse(document));
  }

  public String apply() {
    if (document == null) {
      Messages.error("Upload a file and preview it first.");
      return null;
    }
    ConfigTransfer.Imported imported = services.config().importDocument(ConfigFileParser.parse(document));
    Messages.info("Imported " + ConsoleFormat.count(imported.report().routes(), "route") + " and "
        + ConsoleFormat.count(imported.report().clientKeys(), "client key") + " from " + fileName + ".");
    imported.report().problems().forEach(p -> Messages.error("Skipped: " + p));
    return Messages.redirect("/console/transfer");
  }

  public void discard() {
    document = null;
    diff = null;
  }

  public boolean isIncludeSecrets() { return includeSecrets; }
  public void setIncludeSecrets(boolean includeSecrets) { this.includeSecrets = includeSecrets; }
  public Part getFile() { return file; }
  public void setFile(Part file) { this.file = file; }
  public String getFileName() { return fileName; }
  public ConfigDiff getDiff() { return diff; }
  public boolean isChanges() { return diff != null && diff.count(ConfigDiff.Kind.UNCHANGED) < diff.changes().size(); }
}
