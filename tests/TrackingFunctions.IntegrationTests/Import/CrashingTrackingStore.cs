using System.Reflection;
using TrackingFunctions.Storage;

namespace TrackingFunctions.IntegrationTests.Import;

/// <summary>
/// The real store, except that from its <c>crashAt</c>-th <see cref="ITrackingStore.ApplyAsync"/> on every such write
/// throws: the worker dying in the middle of a page, as far as the import can tell. A proxy rather than a class so
/// it forwards whatever else the interface grows.
/// </summary>
public class CrashingTrackingStore : DispatchProxy
{
    private ITrackingStore _inner = null!;
    private int _crashAt;
    private int _writes;

    public static ITrackingStore Wrap(ITrackingStore inner, int crashAt)
    {
        var proxy = Create<ITrackingStore, CrashingTrackingStore>();
        var self = (CrashingTrackingStore)(object)proxy;
        self._inner = inner;
        self._crashAt = crashAt;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.Name == nameof(ITrackingStore.ApplyAsync) && Interlocked.Increment(ref _writes) >= _crashAt)
        {
            return Task.FromException<ApplyResult>(new InvalidOperationException("Simulated crash of the worker."));
        }

        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            throw ex.InnerException;
        }
    }
}
