package org.airouter.admin.console;

import jakarta.annotation.PostConstruct;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.persistence.OptimisticLockException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.airouter.keys.ClientKey;
import org.airouter.security.ConsoleUser;
import org.airouter.security.ConsoleUsers;
import org.airouter.security.Role;
import org.airouter.selfservice.SelfService;

/**
 * Named users (admin only): add one with a role and team, change role, team or password, disable or enable, delete,
 * and revoke every key a user owns in one action. Disabling or deleting a user who still owns active keys offers
 * that at once.
 */
@Named
@ViewScoped
public class UsersPage implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final String PAGE = "/console/users";
  private static final String OFFER = "revoke-offer";

  @Inject ConsoleServices services;
  @Inject SelfService selfService;

  private final UserForm form = new UserForm();
  private final UserForm edit = new UserForm();
  private List<ConsoleUser> list;
  private Map<String, Long> activeKeys;
  private Long editing;
  private long editingVersion;
  private String revokeOffer;
  private Long confirmingDelete;

  /** The add and edit forms' fields. */
  public static class UserForm implements Serializable {
    private static final long serialVersionUID = 1L;
    private String name;
    private String password;
    private String role = "member";
    private String team;

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getPassword() { return null; }   // never rendered back
    public void setPassword(String password) { this.password = password == null || password.isEmpty() ? null : password; }
    public String getRole() { return role; }
    public void setRole(String role) { this.role = role; }
    public String getTeam() { return team; }
    public void setTeam(String team) { this.team = team; }
  }

  @PostConstruct
  void load() {
    list = services.users().all();
    activeKeys = services.keys().all().stream().filter(k -> k.owner() != null && k.enabled())
        .collect(Collectors.groupingBy(ClientKey::owner, Collectors.counting()));
    revokeOffer = (String) ConsoleSession.takeOnce(request(), OFFER);
  }

  public String create() {
    try {
      ConsoleUser user = services.users().create(trim(form.name), form.password, Role.of(form.role).orElse(null), form.team);
      Messages.info("User " + user.name() + " added as " + user.role().id() + ".");
      return Messages.redirect(PAGE);
    } catch (ConsoleUsers.InvalidUser e) {
      Messages.problems("create", e.problems());
    } catch (ConsoleUsers.DuplicateUserName e) {
      Messages.fieldError("create:name", e.getMessage());
    }
    return null;
  }

  public void startEdit(ConsoleUser user) {
    editing = user.id();
    editingVersion = user.version();
    edit.name = user.name();
    edit.role = user.role().id();
    edit.team = user.team();
  }

  public void cancelEdit() { editing = null; }

  public String save() {
    try {
      ConsoleUser user = services.users().update(editing, Role.of(edit.role).orElse(null), edit.team, edit.password,
          null, editingVersion);
      Messages.info("User " + user.name() + " is now " + user.role().id()
          + (user.team() == null ? "" : " in team " + user.team()) + ".");
      return Messages.redirect(PAGE);
    } catch (ConsoleUsers.InvalidUser e) {
      Messages.problems("edit", e.problems());
    } catch (ConsoleUsers.UserNotFound e) {
      Messages.error(e.getMessage());
    } catch (OptimisticLockException e) {
      Messages.error("Someone else changed this user since you opened it; reload and try again.");
    }
    return null;
  }

  /** Disables or enables a user; disabling one who owns active keys offers to revoke them. */
  public String setDisabled(ConsoleUser user, boolean disabled) {
    try {
      services.users().update(user.id(), user.role(), user.team(), null, disabled, user.version());
      Messages.info("User " + user.name() + (disabled ? " disabled: they can no longer sign in." : " enabled."));
      if (disabled) offerRevoke(user.name());
    } catch (ConsoleUsers.UserNotFound | OptimisticLockException e) {
      Messages.error("User " + user.name() + " changed or went away meanwhile; look again.");
    }
    return Messages.redirect(PAGE);
  }

  public void askDelete(long id) { confirmingDelete = id; }

  public void cancelDelete() { confirmingDelete = null; }

  public String delete(ConsoleUser user) {
    try {
      services.users().delete(user.id());
      Messages.info("User " + user.name() + " deleted.");
      offerRevoke(user.name());
    } catch (ConsoleUsers.UserNotFound e) {
      Messages.error(e.getMessage());
    }
    return Messages.redirect(PAGE);
  }

  /** Every active key the user owns, revoked in one go (a departed user's keys too: owners outlive users). */
  public String revokeKeys(String owner) {
    int n = selfService.revokeAllOf(owner).size();
    Messages.info(n == 0 ? owner + " has no active keys." : "Revoked " + ConsoleFormat.count(n, "key") + " of " + owner + ".");
    return Messages.redirect(PAGE);
  }

  private void offerRevoke(String owner) {
    if (activeKeys.getOrDefault(owner, 0L) > 0) ConsoleSession.putOnce(request(), OFFER, owner);
  }

  private static String trim(String s) { return s == null ? null : s.trim(); }

  private static HttpServletRequest request() {
    return (HttpServletRequest) FacesContext.getCurrentInstance().getExternalContext().getRequest();
  }

  public long activeKeys(String owner) { return activeKeys.getOrDefault(owner, 0L); }

  /**
   * Owners of active keys who are no user (deleted, or single sign-on users without a user of their name): their keys
   * can still be revoked here.
   */
  public List<String> getDepartedOwners() {
    var names = list.stream().map(ConsoleUser::name).collect(Collectors.toSet());
    return activeKeys.keySet().stream().filter(o -> !names.contains(o) && !o.equals("admin")).sorted().toList();
  }

  public boolean confirming(long id) { return confirmingDelete != null && confirmingDelete == id; }
  public boolean isEditing() { return editing != null; }
  public List<ConsoleUser> getList() { return list; }
  public UserForm getForm() { return form; }
  public UserForm getEdit() { return edit; }
  public String getRevokeOffer() { return revokeOffer; }
  public long getRevokeOfferCount() { return revokeOffer == null ? 0 : activeKeys(revokeOffer); }
}
