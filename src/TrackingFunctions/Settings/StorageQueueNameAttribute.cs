using System.ComponentModel.DataAnnotations;

namespace TrackingFunctions.Settings;

/// <summary>A valid Azure Storage queue name: 3-63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class StorageQueueNameAttribute : RegularExpressionAttribute
{
    public StorageQueueNameAttribute()
        : base("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$")
        => ErrorMessage = "{0} must be a Storage queue name: 3-63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit.";
}
