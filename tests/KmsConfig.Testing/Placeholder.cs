namespace KmsConfig.Testing;
