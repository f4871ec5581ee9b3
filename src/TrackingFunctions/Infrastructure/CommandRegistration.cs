using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TrackingFunctions.Commands;

namespace TrackingFunctions.Infrastructure;

public static class CommandRegistration
{
    /// <summary>Registers the tracking-command processor, its outcome store and the poison drain.</summary>
    public static IServiceCollection AddTrackingCommands(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<CommandOutcomeStore>();
        services.TryAddSingleton<DeadLetterStore>();
        services.TryAddSingleton<TrackingCommandProcessor>();
        services.TryAddSingleton<PoisonMessageDrain>();
        return services;
    }
}
