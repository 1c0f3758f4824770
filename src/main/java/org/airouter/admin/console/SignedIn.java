package org.airouter.admin.console;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import org.airouter.security.Caller;
import org.airouter.security.Role;

/** Who is signed in, for the pages: the header shows it, and action buttons show only to roles that may use them. */
@Named
@RequestScoped
public class SignedIn {
  private Caller caller() {
    return ConsoleSession.caller((HttpServletRequest) FacesContext.getCurrentInstance().getExternalContext().getRequest());
  }

  public String getName() {
    Caller caller = caller();
    return caller == null ? "" : caller.name();
  }

  public String getRole() {
    Caller caller = caller();
    return caller == null ? "" : caller.role().id();
  }

  /** May change routes, keys, limits and prices (the server checks again; this only hides what would be refused). */
  public boolean isOperator() {
    Caller caller = caller();
    return caller != null && caller.role().allows(Role.OPERATOR);
  }

  /** A member sees only their own pages; the navigation shows nothing else. */
  public boolean isMember() {
    Caller caller = caller();
    return caller != null && caller.role() == Role.MEMBER;
  }

  public boolean isAdmin() {
    Caller caller = caller();
    return caller != null && caller.role().allows(Role.ADMIN);
  }
}
