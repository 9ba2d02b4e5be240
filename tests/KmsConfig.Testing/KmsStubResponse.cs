using System.Net;
using System.Text.Json;

namespace KmsConfig.Testing;

/// <summary>What <see cref="KmsStubServer"/> does with a request: answer, hang, or drop the connection.</summary>
public sealed class KmsStubResponse
{
    private KmsStubResponse(HttpStatusCode statusCode, string? body, bool hangs, bool closesConnection)
    {
        StatusCode = statusCode;
        Body = body;
        Hangs = hangs;
        ClosesConnection = closesConnection;
    }

    /// <summary>Gets the HTTP status of the answer.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>Gets the JSON body of the answer, or <see langword="null"/> when there is no answer.</summary>
    public string? Body { get; }

    /// <summary>Gets whether the server keeps the request open without answering until it is disposed.</summary>
    public bool Hangs { get; }

    /// <summary>Gets whether the server closes the connection without answering.</summary>
    public bool ClosesConnection { get; }

    /// <summary>
    /// Answers with a KMS error, <c>{"__type":"<paramref name="errorType"/>","message":"<paramref name="message"/>"}</c>,
    /// which the SDK turns into the exception of that name (for example <c>DisabledException</c>).
    /// </summary>
    /// <param name="errorType">The KMS error code, such as <c>DisabledException</c> or <c>ThrottlingException</c>.</param>
    /// <param name="message">The error message.</param>
    /// <param name="statusCode">The HTTP status; KMS uses 400 for client errors and 500/503 for its own.</param>
    public static KmsStubResponse Error(
        string errorType,
        string message = "Error from KmsStubServer.",
        HttpStatusCode statusCode = HttpStatusCode.BadRequest)
    {
        ArgumentException.ThrowIfNullOrEmpty(errorType);
        ArgumentNullException.ThrowIfNull(message);
        var body = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["__type"] = errorType,
            ["message"] = message,
        });
        return new KmsStubResponse(statusCode, body, hangs: false, closesConnection: false);
    }

    /// <summary>Answers HTTP 200 with <paramref name="json"/>, for example <c>{"KeyId":"arn:...","Plaintext":"base64"}</c>.</summary>
    /// <param name="json">The response body, a KMS response object in JSON.</param>
    public static KmsStubResponse Success(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return new KmsStubResponse(HttpStatusCode.OK, json, hangs: false, closesConnection: false);
    }

    /// <summary>
    /// Answers with <paramref name="statusCode"/> and an empty body, as something that is not KMS does (a wrong endpoint
    /// URL, a proxy or a gateway): no KMS error code for the SDK to read.
    /// </summary>
    /// <param name="statusCode">The HTTP status, for example 404.</param>
    public static KmsStubResponse EmptyAnswer(HttpStatusCode statusCode) => new(statusCode, string.Empty, hangs: false, closesConnection: false);

    /// <summary>Accepts the request and never answers, until the server is disposed.</summary>
    public static KmsStubResponse Hang() => new(default, body: null, hangs: true, closesConnection: false);

    /// <summary>Closes the connection as soon as the request has been read, without answering.</summary>
    public static KmsStubResponse CloseConnection() => new(default, body: null, hangs: false, closesConnection: true);
}
