/** Who changed what, when and from where: the append-only audit log, its secret scrubbing, paging and retention. */
package org.airouter.audit;
