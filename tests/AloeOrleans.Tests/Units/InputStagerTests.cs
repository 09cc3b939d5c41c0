using AloeOrleans.Grains.Catalog;
using AloeOrleans.Grains.Execution;
using AloeOrleans.Grains.Execution.Files;
using AloeOrleans.Grains.Staging;
using Microsoft.Extensions.Options;
using Xunit;

namespace AloeOrleans.Tests.Units;

/// <summary>Staging's refusals that need no server: sources it cannot reach say why, and nothing leaves a root.</summary>
public sealed class InputStagerTests : IDisposable
{
    private readonly TempFolder _temp = new("aloe-stager-");
    private readonly LocalSystemFiles _work;
    private readonly InputStager _stager;

    public InputStagerTests()
    {
        _work = new LocalSystemFiles("exec", _temp.Folder("work"));
        var storage = new SystemDefinition
        {
            Id = "store",
            Type = SystemType.STORAGE,
            Default = true,
            Storage = new SystemStorage { Protocol = "LOCAL", RootDir = "store" },
            OperatorDefined = true,
        };
        var registeredThroughTheApi = storage with { Id = "api-store", Default = false, OperatorDefined = false };
        var options = Options.Create(new StagingOptions());
        _stager = new InputStager(new FixedCatalog(storage, registeredThroughTheApi), TestSystemAccess.Create(_temp.Path), new StagingNetwork(options), options);
        _temp.File(Path.Combine(EndToEnd.LocalLayout.Root("", "store"), "data", "in.txt"), "twelve bytes");
        _temp.File("secret.txt", "outside the root");
    }

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("irods://zone/home/in.txt")]
    [InlineData("irods4://zone/home/in.txt")]
    public async Task An_irods_input_fails_with_a_message_that_says_so(string url)
    {
        var error = await Assert.ThrowsAsync<InputStagingException>(() => StageAsync(url));

        Assert.Contains("iRODS transfers are not available", error.Message, StringComparison.Ordinal);
        Assert.Contains("data", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_sftp_input_on_an_unregistered_host_names_the_host_and_what_to_do()
    {
        var error = await Assert.ThrowsAsync<InputStagingException>(() => StageAsync("sftp://elsewhere.example.org/home/u/in.txt"));

        Assert.Contains("elsewhere.example.org:22", error.Message, StringComparison.Ordinal);
        Assert.Contains("register one", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_storage_input_is_copied_and_reported()
    {
        var staged = new List<StagedInput>();
        _temp.File(Path.Combine(EndToEnd.LocalLayout.Root("", "store"), "data", "copy", "in-2.txt"), "twelve bytes");

        await _stager.StageAsync("dev", "no-app", """{"data":["data/in.txt","agave://store/data/copy/in-2.txt"]}""", _work, _work.Root, input =>
        {
            staged.Add(input);
            return Task.CompletedTask;
        }, CancellationToken.None);

        Assert.Equal("twelve bytes", await File.ReadAllTextAsync(Path.Combine(_work.Root, "in.txt")));
        Assert.Equal("twelve bytes", await File.ReadAllTextAsync(Path.Combine(_work.Root, "in-2.txt")));
        Assert.Equal([12L, 12L], staged.Select(input => input.Bytes));
        Assert.Equal(["in.txt", "in-2.txt"], staged.Select(input => input.FileName));
    }

    [Theory]
    [InlineData("""{"data":["data/in.txt","agave://store/data/in.txt"]}""", "like \"data/in.txt\" of input data")]
    [InlineData("""{"data":["data/-rf"]}""", "leading '-'")]
    [InlineData("""{"data":["data/.aloe"]}""", "control folder")]
    public async Task Names_the_submission_rules_refuse_are_refused_again_before_anything_is_staged(string inputsJson, string rule)
    {
        var store = EndToEnd.LocalLayout.Root("", "store");
        _temp.File(Path.Combine(store, "data", "-rf"), "x");
        _temp.File(Path.Combine(store, "data", ".aloe", "started", "x"), "x");
        var staged = new List<StagedInput>();

        var refusal = await Assert.ThrowsAsync<InputStagingException>(() => _stager.StageAsync("dev", "no-app", inputsJson, _work, _work.Root, input =>
        {
            staged.Add(input);
            return Task.CompletedTask;
        }, CancellationToken.None));

        Assert.StartsWith("Input data (", refusal.Message, StringComparison.Ordinal);
        Assert.Contains(rule, refusal.Message, StringComparison.Ordinal);
        Assert.Empty(staged);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_work.Root));
    }

    [Fact]
    public async Task Local_storage_the_operator_did_not_define_is_never_read()
    {
        var error = await Assert.ThrowsAsync<InputStagingException>(() => StageAsync("agave://api-store/data/in.txt"));

        Assert.StartsWith("Input data ('agave://api-store/data/in.txt') could not be staged: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("System 'api-store' uses LOCAL storage", error.Message, StringComparison.Ordinal);
        Assert.IsType<NotSupportedException>(error.InnerException);
        Assert.False(error.IsTransient);
        Assert.Contains("not defined by the operator", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_work.Root, "in.txt")));
    }

    [Fact]
    public async Task An_input_on_a_system_the_tenant_does_not_have_names_it()
    {
        var error = await Assert.ThrowsAsync<InputStagingException>(() => StageAsync("agave://elsewhere/data/in.txt"));

        Assert.Contains("system 'elsewhere' does not exist in tenant dev", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_symbolic_link_out_of_the_storage_root_is_refused()
    {
        File.CreateSymbolicLink(Path.Combine(EndToEnd.LocalLayout.Root(_temp.Path, "store"), "leak.txt"), Path.Combine(_temp.Path, "secret.txt"));

        var error = await Assert.ThrowsAsync<InputStagingException>(() => StageAsync("leak.txt"));

        Assert.IsType<PathOutsideRootException>(error.InnerException);
        Assert.Contains("Input data ('leak.txt')", error.Message, StringComparison.Ordinal);
        Assert.False(error.IsTransient);
        Assert.False(File.Exists(Path.Combine(_work.Root, "leak.txt")));
    }

    private Task StageAsync(string value) =>
        _stager.StageAsync("dev", "no-app", $$"""{"data":["{{value}}"]}""", _work, _work.Root, _ => Task.CompletedTask, CancellationToken.None);
}
