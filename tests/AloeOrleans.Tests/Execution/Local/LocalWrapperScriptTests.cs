using System.Diagnostics;
using AloeOrleans.Grains.Execution;
using AloeOrleans.Grains.Execution.Local;
using AloeOrleans.Tests.Units;
using Xunit;

namespace AloeOrleans.Tests.Execution.Local;

/// <summary>The LOCAL wrapper's text, and what its app really gets when bash runs it (without a user switch).</summary>
public sealed class LocalWrapperScriptTests : IDisposable
{
    private static readonly LocalJobLimits Limits = new(300, 4096, 1048576);
    private readonly TempFolder _temp = new("aloe-local-wrapper-");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void With_a_run_as_user_the_app_starts_through_prlimit_setpriv_and_env_i_with_the_allow_list_only()
    {
        var workspace = new JobWorkspace("/data/tenants/dev/local/work/dev/alice/job-1", Guid.Parse("6b1c5a8e-0000-4000-8000-000000000001"), "my job");
        var script = LocalWrapperScript.Render(workspace, new LocalJobIdentity("aloe-job", 999, 995),
            [new("PATH", "/usr/bin:/bin"), new("HOME", workspace.WorkDir), new("LANG", "C.UTF-8")], Limits);

        Assert.Equal(
            "#!/bin/bash\n"
            + "# Written by AloeOrleans for job 6b1c5a8e-0000-4000-8000-000000000001. Runs the app once as aloe-job (uid 999), in a scrubbed environment and within limits; records pid and exit code.\n"
            + "cd '/data/tenants/dev/local/work/dev/alice/job-1' || exit 97\n"
            + "ctl='.aloe'\n"
            + "exec </dev/null >>\"$ctl/wrapper.log\" 2>&1\n"
            + "mkdir \"$ctl/started\" 2>/dev/null || exit 0\n"
            + "echo $$ > \"$ctl/pid.tmp\" && mv \"$ctl/pid.tmp\" \"$ctl/pid\"\n"
            + "umask 077\n"
            + "prlimit --cpu=300 --nproc=4096 --fsize=1048576 -- setpriv --reuid=999 --regid=995 --clear-groups --no-new-privs --"
            + " env -i -- 'PATH=/usr/bin:/bin' 'HOME=/data/tenants/dev/local/work/dev/alice/job-1' 'LANG=C.UTF-8'"
            + " /bin/bash -c 'exec /bin/bash \"$0\" >\"$1\" 2>\"$2\"' \"$ctl/app.sh\""
            + " 'my_job-6b1c5a8e-0000-4000-8000-000000000001.out' 'my_job-6b1c5a8e-0000-4000-8000-000000000001.err'\n"
            + "rc=$?\n"
            + "echo \"$rc\" > \"$ctl/exitcode.tmp\" && mv \"$ctl/exitcode.tmp\" \"$ctl/exitcode\"\n",
            script);
    }

    [Fact]
    public void Without_a_run_as_user_there_is_no_setpriv_and_everything_else_is_the_same()
    {
        var workspace = new JobWorkspace("/w", Guid.NewGuid(), "j");
        var script = LocalWrapperScript.Render(workspace, null, [new("PATH", "/bin")], Limits);

        Assert.DoesNotContain("setpriv", script, StringComparison.Ordinal);
        Assert.Contains("prlimit --cpu=300 --nproc=4096 --fsize=1048576 -- env -i -- 'PATH=/bin' /bin/bash -c", script, StringComparison.Ordinal);
        Assert.Contains("the service's own user", script, StringComparison.Ordinal);
    }

    [Fact]
    public void A_variable_whose_name_is_not_a_shell_name_never_reaches_the_command_line()
    {
        var script = LocalWrapperScript.Render(new JobWorkspace("/w", Guid.NewGuid(), "j"), null,
            [new("PATH", "/bin"), new("X;touch /tmp/p", "1"), new("-u", "PATH")], Limits);

        Assert.DoesNotContain("touch", script, StringComparison.Ordinal);
        Assert.DoesNotContain("'-u=", script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_by_bash_the_app_gets_exactly_the_allow_list_byte_for_byte_the_limits_and_an_owner_only_umask()
    {
        var workspace = new JobWorkspace(_temp.Folder("job"), Guid.NewGuid(), "probe");
        Directory.CreateDirectory(workspace.ControlDir);
        var hostile = "a 'b' \"c\" $(touch /tmp/never) `x` \\ \n second line";
        await File.WriteAllTextAsync(workspace.AppScript,
            "env -0 > env.bin\nulimit -t -u -f > limits.txt\numask > umask.txt\nexit 5\n");
        await File.WriteAllTextAsync(workspace.WrapperScript, LocalWrapperScript.Render(workspace, null,
            [new("PATH", "/usr/bin:/bin"), new("HOME", workspace.WorkDir), new("LANG", "C.UTF-8"), new("HOSTILE", hostile)], Limits));

        using (var process = Process.Start(new ProcessStartInfo("bash", [workspace.WrapperScript]) { UseShellExecute = false })!)
        {
            await process.WaitForExitAsync();
        }

        var environment = (await File.ReadAllTextAsync(Path.Combine(workspace.WorkDir, "env.bin"))).Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .ToDictionary(entry => entry[..entry.IndexOf('=', StringComparison.Ordinal)], entry => entry[(entry.IndexOf('=', StringComparison.Ordinal) + 1)..]);
        Assert.Equal(["HOME", "HOSTILE", "LANG", "PATH", "PWD", "SHLVL", "_"], environment.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(hostile, environment["HOSTILE"]);
        Assert.Equal(["cpu time (seconds, -t) 300", "max user processes (-u) 4096", "file size (blocks, -f) 1024"],
            (await File.ReadAllLinesAsync(Path.Combine(workspace.WorkDir, "limits.txt"))).Select(line => string.Join(' ', line.Split(' ', StringSplitOptions.RemoveEmptyEntries))));
        Assert.Equal("0077", (await File.ReadAllTextAsync(Path.Combine(workspace.WorkDir, "umask.txt"))).Trim());
        Assert.Equal("5", (await File.ReadAllTextAsync(workspace.ExitCodeFile)).Trim());
        Assert.True(File.Exists(Path.Combine(workspace.WorkDir, workspace.StdoutFileName)));
        Assert.False(File.Exists("/tmp/never"));
    }
}
