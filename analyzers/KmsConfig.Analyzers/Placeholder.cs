namespace KmsConfig.Analyzers;
