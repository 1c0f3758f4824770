/** ITs with the official OpenAI Java SDK as the client. */
package org.airouter.sdk;
