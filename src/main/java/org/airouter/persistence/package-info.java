/** Where data lives (JNDI, JDBC URL or embedded H2), schema migrations, and the JPA unit with its transaction helper. */
package org.airouter.persistence;
