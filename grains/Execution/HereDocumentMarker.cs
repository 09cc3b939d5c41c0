namespace AloeOrleans.Grains.Execution;

/// <summary>A here-document announced by <c>&lt;&lt;WORD</c> (or <c>&lt;&lt;-WORD</c>, which strips leading tabs from lines), whose body starts on the next line.</summary>
internal sealed record HereDocumentMarker(string Delimiter, bool StripTabs);
