namespace AloeOrleans.Grains.Revival;

/// <summary>A job a sweep may revive: its row id (for paging) and its uuid (its grain's key).</summary>
public sealed record StrandedJob(long Id, Guid Uuid);
