namespace AloeOrleans.Grains.Queues.Filters;

/// <summary>One token: its kind, its text (a keyword upper-cased, a string literal unquoted) and where it starts (0-based).</summary>
public sealed record FilterToken(FilterTokenKind Kind, string Text, int Position);
