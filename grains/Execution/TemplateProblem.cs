namespace AloeOrleans.Grains.Execution;

/// <summary>
/// A placeholder of a wrapper template in a place where its shell-quoted value would not stay data: the line, the
/// placeholder as written, and a message for the app's author that says where it is, why that is unsafe and how to
/// write it instead.
/// </summary>
public sealed record TemplateProblem(int Line, string Placeholder, string Message);
