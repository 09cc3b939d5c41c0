using AloeOrleans.Gateway.Jobs;
using Xunit;

namespace AloeOrleans.Tests.Gateway;

/// <summary>Agave's path form of a job search read as field/value pairs, each segment decoded exactly once.</summary>
public sealed class SearchPathTests
{
    [Theory]
    [InlineData("/status/FINISHED", "status=FINISHED")]
    [InlineData("status/FINISHED/", "status=FINISHED")]
    [InlineData("/name.like/*sweep*/status.in/RUNNING,QUEUED", "name.like=*sweep*;status.in=RUNNING,QUEUED")]
    [InlineData("/name/a%2Fb", "name=a/b")]
    [InlineData("/name/100%2525", "name=100%25")]
    [InlineData("/name/a+b", "name=a+b")]
    [InlineData("/created.after/2026-11-28T07%3A55%3A22%2B01%3A00", "created.after=2026-11-28T07:55:22+01:00")]
    [InlineData("/na%6De/x", "name=x")]
    public void Segments_become_pairs_decoded_once(string tail, string expected)
    {
        Assert.True(SearchPath.TryParse(tail, out var terms, out var error), error);

        Assert.Equal(expected, string.Join(";", terms.Select(term => $"{term.Key}={term.Value}")));
    }

    [Theory]
    [InlineData("/status")]
    [InlineData("/status/FINISHED/name")]
    [InlineData("/status//name/x")]
    [InlineData("")]
    public void An_odd_or_empty_segment_is_refused_saying_what_the_form_is(string tail)
    {
        Assert.False(SearchPath.TryParse(tail, out _, out var error));

        Assert.Contains("/jobs/v2/search/{field}/{value}", error, StringComparison.Ordinal);
    }
}
