namespace AloeOrleans.Grains.Catalog;

/// <summary>A stored app with its uuid, and whether this write created it.</summary>
public sealed record AppRegistration(AppDefinition App, bool Created);
