/** The price table (USD per million tokens by upstream model and provider) and what a request costs by it. */
package org.airouter.prices;
