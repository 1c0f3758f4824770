package org.airouter.admin.console;

import jakarta.annotation.PostConstruct;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import java.io.Serializable;
import java.time.DateTimeException;
import java.util.List;
import org.airouter.keys.ClientKey;
import org.airouter.keys.ClientKeyService;
import org.airouter.keys.EndpointGroup;
import org.airouter.keys.IssuedKey;
import org.airouter.selfservice.Self;

/**
 * Client keys: issue (the full key is shown once, on the page the redirect lands on, then never again), list,
 * revoke, re-enable, delete.
 */
@Named
@ViewScoped
public class KeysPage implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final String ISSUED_KEY = "issued-key";
  private static final String ISSUED_NAME = "issued-name";

  @Inject ConsoleServices services;

  private final KeyForm form = new KeyForm();
  private List<ClientKey> list;
  private String issuedKey;
  private String issuedName;
  private Long confirmingDelete;

  @PostConstruct
  void load() {
    list = services.keys().all();
    HttpServletRequest request = request();
    issuedKey = (String) ConsoleSession.takeOnce(request, ISSUED_KEY);   // gone now: a reload does not show it again
    issuedName = (String) ConsoleSession.takeOnce(request, ISSUED_NAME);
  }

  public String create() {
    try {
      IssuedKey issued = services.keys().issue(form.toSpec(), Self.ownerOf(ConsoleSession.caller(request())));
      ConsoleSession.putOnce(request(), ISSUED_KEY, issued.key());
      ConsoleSession.putOnce(request(), ISSUED_NAME, issued.stored().name());
      return Messages.redirect("/console/keys");
    } catch (ClientKeyService.InvalidClientKey e) {
      Messages.problems("create", e.problems());
    } catch (ClientKeyService.DuplicateKeyName e) {
      Messages.fieldError("create:name", e.getMessage());
    } catch (DateTimeException e) {
      Messages.fieldError("create:expires", "Not a date.");
    }
    return null;
  }

  public String setEnabled(long id, boolean enabled) {
    try {
      ClientKey key = services.keys().setEnabled(id, enabled);
      Messages.info("Key " + key.name() + (enabled ? " re-enabled." : " revoked."));
    } catch (ClientKeyService.ClientKeyNotFound e) {
      Messages.error(e.getMessage());
    }
    return Messages.redirect("/console/keys");
  }

  public void askDelete(long id) { confirmingDelete = id; }

  public void cancelDelete() { confirmingDelete = null; }

  public String delete(long id) {
    try {
      String name = services.keys().find(id).map(ClientKey::name).orElse("#" + id);
      services.keys().delete(id);
      Messages.info("Key " + name + " deleted.");
    } catch (ClientKeyService.ClientKeyNotFound e) {
      Messages.error(e.getMessage());
    }
    return Messages.redirect("/console/keys");
  }

  private static HttpServletRequest request() {
    return (HttpServletRequest) FacesContext.getCurrentInstance().getExternalContext().getRequest();
  }

  /** The list column: "all", the names the key reaches, and whether that is its default. */
  public String endpoints(ClientKey key) {
    if (key.allowedEndpoints() == null) return key.allowedModels().isEmpty() ? "all" : "inference (default)";
    return String.join(", ", key.allowedEndpoints());
  }

  /** Every endpoint name, for the form's hint. */
  public String getEndpointNames() { return EndpointGroup.ids(); }

  public boolean confirming(long id) { return confirmingDelete != null && confirmingDelete == id; }

  public KeyForm getForm() { return form; }
  public List<ClientKey> getList() { return list; }
  public String getIssuedKey() { return issuedKey; }
  public String getIssuedName() { return issuedName; }
}
