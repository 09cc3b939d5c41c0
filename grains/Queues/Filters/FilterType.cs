namespace AloeOrleans.Grains.Queues.Filters;

/// <summary>The static type of a filter expression (docs/queues.md, "Queue filters"); NULL fits any of them.</summary>
public enum FilterType
{
    Boolean,
    Number,
    String,
    Null,
}
