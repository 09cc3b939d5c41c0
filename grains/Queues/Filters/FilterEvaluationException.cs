namespace AloeOrleans.Grains.Queues.Filters;

/// <summary>A filter that failed while evaluating (a division by zero): the router counts it as false and logs it.</summary>
public sealed class FilterEvaluationException(string message) : Exception(message);
