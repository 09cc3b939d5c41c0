namespace AloeOrleans.Grains.Staging;

/// <summary>One transferred input: which app input, from where, to which file in the work dir, how many bytes.</summary>
public sealed record StagedInput(string InputId, string Source, string FileName, long Bytes);
