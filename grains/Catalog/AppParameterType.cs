using System.Text.Json.Serialization;

namespace AloeOrleans.Grains.Catalog;

/// <summary>Parameter types as Agave spells them (lower case).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AppParameterType>))]
public enum AppParameterType
{
    @string,
    number,
    @bool,
    flag,
    enumeration,
}
