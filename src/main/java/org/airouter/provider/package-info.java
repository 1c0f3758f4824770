/** The provider adapter SPI: one package per upstream API family, pure translation, no servlet or JPA types. */
package org.airouter.provider;
