using System.Diagnostics;
using AloeOrleans.Tests.Units;
using Xunit;

namespace AloeOrleans.Tests.Bench;

/// <summary>
/// bench/bench-dir.sh: a benchmark empties its data folder at each start, so a folder named by ALOE_BENCH_DIR that is not
/// a benchmark's own (a home, the repository) must be refused, never removed.
/// </summary>
public sealed class BenchDirTests : IDisposable
{
    private readonly TempFolder _temp = new("aloe-bench-dir-");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_folder_with_files_but_no_marker_is_refused_and_left_as_it_was()
    {
        var keep = _temp.File("home/thesis.tex", "years of work");

        var (exitCode, error) = await FreshBenchDirAsync(_temp.Combine("home"));

        Assert.Equal(2, exitCode);
        Assert.Contains("is not a benchmark's data folder", error, StringComparison.Ordinal);
        Assert.Equal("years of work", await File.ReadAllTextAsync(keep));
    }

    [Fact]
    public async Task A_file_in_the_folders_place_is_refused()
    {
        var file = _temp.File("not-a-folder", "data");

        var (exitCode, _) = await FreshBenchDirAsync(file);

        Assert.Equal(2, exitCode);
        Assert.Equal("data", await File.ReadAllTextAsync(file));
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("empty")]
    [InlineData("marked")]
    public async Task A_missing_empty_or_marked_folder_is_made_afresh_with_only_the_marker(string kind)
    {
        var folder = _temp.Combine("bench");
        if (kind == "empty")
        {
            Directory.CreateDirectory(folder);
        }
        else if (kind == "marked")
        {
            _temp.File("bench/.aloe-bench", "");
            _temp.File("bench/pg/old-run.log", "an earlier run");
        }

        var (exitCode, error) = await FreshBenchDirAsync(folder);

        Assert.True(exitCode == 0, error);
        Assert.Equal([".aloe-bench"], Directory.EnumerateFileSystemEntries(folder).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_hostile_folder_name_is_taken_literally()
    {
        var victim = _temp.File("victim/keep.txt", "kept");
        // Were the name evaluated by a shell, the command substitution would remove the victim's folder.
        var hostile = _temp.Combine($"bench $(rm -rf {Path.GetDirectoryName(victim)}); x");

        var (exitCode, error) = await FreshBenchDirAsync(hostile);

        Assert.True(exitCode == 0, error);
        Assert.True(File.Exists(Path.Combine(hostile, ".aloe-bench")));
        Assert.Equal("kept", await File.ReadAllTextAsync(victim));
    }

    private static async Task<(int ExitCode, string Error)> FreshBenchDirAsync(string folder)
    {
        var start = new ProcessStartInfo("bash", ["-c", "source \"$0\" && fresh_bench_dir \"$1\"",
            Path.Combine(RepositoryRoot.Path(), "bench", "bench-dir.sh"), folder])
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, error);
    }
}
