/** Console single sign-on through OpenID Connect: the settings, the claim-to-role mapping and the provider's flow. */
package org.airouter.security.oidc;
