namespace AloeOrleans.Gateway.Jobs;

/// <summary>
/// The fields of a pems POST body, as sent: null when absent. <see cref="Permission"/> is kept as text so that the
/// parser can name a refused value.
/// </summary>
public sealed record PermissionRequest(string? Username, string? Permission);
