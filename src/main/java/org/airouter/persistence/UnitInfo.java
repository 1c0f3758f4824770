package org.airouter.persistence;

import jakarta.persistence.SharedCacheMode;
import jakarta.persistence.ValidationMode;
import jakarta.persistence.spi.ClassTransformer;
import jakarta.persistence.spi.PersistenceUnitInfo;
import jakarta.persistence.spi.PersistenceUnitTransactionType;
import java.net.URL;
import java.util.List;
import java.util.Properties;
import javax.sql.DataSource;
import org.hibernate.jpa.HibernatePersistenceProvider;

/** A RESOURCE_LOCAL unit over our DataSource, listing its entities explicitly (no class-path scanning). */
record UnitInfo(String name, DataSource dataSource, List<Class<?>> entities, ClassLoader loader)
    implements PersistenceUnitInfo {

  @Override public String getPersistenceUnitName() { return name; }
  @Override public String getPersistenceProviderClassName() { return HibernatePersistenceProvider.class.getName(); }
  @Override public PersistenceUnitTransactionType getTransactionType() { return PersistenceUnitTransactionType.RESOURCE_LOCAL; }
  @Override public DataSource getJtaDataSource() { return null; }
  @Override public DataSource getNonJtaDataSource() { return dataSource; }
  @Override public List<String> getMappingFileNames() { return List.of(); }
  @Override public List<URL> getJarFileUrls() { return List.of(); }
  @Override public URL getPersistenceUnitRootUrl() { return null; }
  @Override public List<String> getManagedClassNames() { return entities.stream().map(Class::getName).toList(); }
  @Override public boolean excludeUnlistedClasses() { return true; }
  @Override public SharedCacheMode getSharedCacheMode() { return SharedCacheMode.NONE; }
  @Override public ValidationMode getValidationMode() { return ValidationMode.NONE; }
  @Override public Properties getProperties() { return new Properties(); }
  @Override public String getPersistenceXMLSchemaVersion() { return "3.1"; }
  @Override public ClassLoader getClassLoader() { return loader; }
  @Override public void addTransformer(ClassTransformer transformer) { }
  @Override public ClassLoader getNewTempClassLoader() { return loader; }
}
