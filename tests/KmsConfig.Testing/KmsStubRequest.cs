namespace KmsConfig.Testing;

/// <summary>A request that <see cref="KmsStubServer"/> received.</summary>
/// <param name="Operation">The KMS operation, such as <c>Decrypt</c>.</param>
/// <param name="Body">The JSON request body, for checking what the client sent (for example its encryption context).</param>
public sealed record KmsStubRequest(string Operation, string Body);
