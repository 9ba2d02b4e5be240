namespace KmsConfig;
