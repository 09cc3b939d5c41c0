using AloeOrleans.Grains.Submission;
using Xunit;

namespace AloeOrleans.Tests.Domain;

public sealed class StagedInputNamesTests
{
    [Theory]
    [InlineData("http://example.org/data/-rf")]
    [InlineData("https://example.org/%2Drf")]
    [InlineData("ftp://example.org/pub/--help")]
    [InlineData("alice/-n")]
    [InlineData("agave://store/alice/-")]
    public void A_name_starting_with_a_dash_is_refused(string value)
    {
        var errors = Check($$"""{"data":["{{value}}"]}""");

        var error = Assert.Single(errors);
        Assert.Equal("inputs.data", error.Field);
        Assert.StartsWith($"inputs.data: \"{value}\" would be staged in the work dir as \"-", error.Message, StringComparison.Ordinal);
        Assert.Contains("read it as an option", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://example.org/.aloe")]
    [InlineData("alice/jobs/.aloe/")]
    [InlineData("agave://store/alice/.aloe")]
    public void The_control_folder_name_is_refused(string value)
    {
        var error = Assert.Single(Check($$"""{"data":["{{value}}"]}"""));

        Assert.Equal($"inputs.data: \"{value}\" would be staged in the work dir as \".aloe\", the name of the service's control folder there; rename the file", error.Message);
    }

    [Fact]
    public void Two_inputs_staged_under_one_name_are_refused_naming_both()
    {
        var error = Assert.Single(Check("""{"first":["http://a.example.org/x/in.txt"],"second":["alice/in.txt"]}"""));

        Assert.Equal("inputs.second", error.Field);
        Assert.Equal("inputs.second: \"alice/in.txt\" would be staged in the work dir as \"in.txt\", like \"http://a.example.org/x/in.txt\" of input first; "
                     + "each input file needs a name of its own, so rename one of them", error.Message);
    }

    [Fact]
    public void Two_values_of_one_input_staged_under_one_name_are_refused()
    {
        var error = Assert.Single(Check("""{"files":["alice/a/in.txt","alice/b/in.txt","alice/c/other.txt"]}"""));

        Assert.StartsWith("inputs.files: \"alice/b/in.txt\" would be staged in the work dir as \"in.txt\", like \"alice/a/in.txt\" of input files", error.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_taken_from_the_input_id_collides_like_any_other()
    {
        // No last segment: the input is named after its id.
        var error = Assert.Single(Check("""{"data":["http://example.org/"],"other":["alice/data"]}"""));

        Assert.Equal("inputs.other", error.Field);
    }

    [Theory]
    [InlineData("""{"data":["alice/a.txt"],"more":["alice/b.txt","http://example.org/c.txt"]}""")]
    [InlineData("""{"data":["alice/archive/jobs/job-1/count-3f0c9a1e-0000-0000-0000-000000000000.out"]}""")]
    [InlineData("""{"data":["alice/.bashrc"],"other":["alice/a-rf"],"none":[]}""")]
    [InlineData("""{"data":["alice/x/.."],"more":["alice/x/."]}""")]
    public void Distinct_names_that_do_not_start_with_a_dash_are_fine(string inputsJson)
    {
        Assert.Empty(Check(inputsJson));
    }

    [Fact]
    public void Credentials_in_a_url_are_not_repeated()
    {
        var error = Assert.Single(Check("""{"data":["ftp://user:secret@example.org/-rf"]}"""));

        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
        Assert.Contains("ftp://***@example.org/-rf", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_value_is_shown_by_its_end_which_names_the_file()
    {
        var value = $"alice/{new string('d', 200)}/-rf";

        var error = Assert.Single(Check($$"""{"data":["{{value}}"]}"""));

        Assert.Contains($"\"…{value[^119..]}\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Staged_names_are_listed_per_input_in_order_even_when_empty()
    {
        var names = StagedInputNames.Of("""{"data":["alice/b.txt","http://example.org/x/a.txt"],"none":[]}""");

        Assert.Equal(["b.txt", "a.txt"], names["data"]);
        Assert.Empty(names["none"]);
    }

    private static List<SubmissionError> Check(string inputsJson)
    {
        var errors = new List<SubmissionError>();
        StagedInputNames.Check(inputsJson, errors);
        return errors;
    }
}
