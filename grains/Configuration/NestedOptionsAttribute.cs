namespace AloeOrleans.Grains.Configuration;

/// <summary>
/// Marks an options property whose value (an object, a list of objects or a dictionary of them) carries rules of its
/// own: <see cref="OptionRules"/> checks it too, naming its settings <c>Section:Property[:index|:key]:Member</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class NestedOptionsAttribute : Attribute;
