namespace AloeOrleans.Grains.Search;

/// <summary>The operators of Agave's search syntax <c>&lt;field&gt;[.&lt;op&gt;]=&lt;value&gt;</c>; none given means <see cref="Eq"/>.</summary>
public enum SearchOperator
{
    Eq,
    Neq,
    Lt,
    Lte,
    Gt,
    Gte,
    In,
    Nin,
    Like,
    Nlike,
    On,
    Before,
    After,
    Between,
}
