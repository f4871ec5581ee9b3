using System.Net.Sockets;
using Azure;

namespace TrackingFunctions.Storage;

/// <summary>
/// Table storage could not be reached or answered with a server error after the SDK's own retries. Callers
/// answer 503 (webhooks) or let the message be retried (queue): the data was not stored.
/// </summary>
public sealed class StorageUnavailableException : Exception
{
    public StorageUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public StorageUnavailableException()
    {
    }

    public StorageUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>True for failures that mean "storage is down or overloaded", not "this request is wrong".</summary>
    public static bool IsTransient(Exception exception, CancellationToken cancellationToken = default) => exception switch
    {
        StorageUnavailableException => true,
        RequestFailedException rfe => rfe.Status is 0 or 408 or 429 or >= 500,
        AggregateException agg => agg.InnerExceptions.Count > 0 && agg.InnerExceptions.All(e => IsTransient(e, cancellationToken)),
        HttpRequestException or SocketException or IOException or TimeoutException => true,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    /// <summary>Runs a storage call, turning transient failures into <see cref="StorageUnavailableException"/>.</summary>
    public static async Task<T> GuardAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            return await call();
        }
        catch (Exception ex) when (ex is not StorageUnavailableException && IsTransient(ex, cancellationToken))
        {
            throw new StorageUnavailableException("Table storage is unavailable: " + ex.GetType().Name, ex);
        }
    }
}
