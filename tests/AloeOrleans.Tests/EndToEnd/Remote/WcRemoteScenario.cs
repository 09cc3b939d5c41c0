using System.Text.Json;
using Xunit;
using static AloeOrleans.Tests.EndToEnd.Remote.RemoteJobs;

namespace AloeOrleans.Tests.EndToEnd.Remote;

/// <summary>
/// The wc-1.0 run shared by the Slurm and FORK happy paths: one input from each of sftp, http and ftp (3, 5 and 7
/// words), archived to the SFTP archive system; checks the run's result, the archive and the common job fields.
/// </summary>
public static class WcRemoteScenario
{
    public static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(180);

    /// <summary>Registers the systems and the app in <paramref name="tenant"/>, runs the job to FINISHED, checks it; returns the job JSON.</summary>
    public static async Task<JsonElement> RunAsync(RemoteTestTenant tenant, TestHttpFileServer files, string systemId, string scheduler)
    {
        await tenant.RegisterExecutionSystemAsync(systemId, scheduler);
        await tenant.RegisterArchiveSystemAsync();
        await tenant.RegisterInputsSystemAsync();
        await tenant.DeployAsync(RemoteApps.Wc(systemId));

        var httpName = $"http-words-{Guid.NewGuid():N}.txt";
        var sftpInput = await tenant.PutSftpInputAsync("sftp-words.txt", "one two three\n");
        var httpInput = files.Add(httpName, "one two three\nfour five\n"u8.ToArray());
        var ftpInput = await tenant.PutFtpInputAsync("ftp-words.txt", "a b c d\ne f g\n");
        // Under the submitter's home: the only place an ordinary user may archive to.
        var archivePath = $"{RemoteTestTenant.User}/results/wc-{scheduler.ToLowerInvariant()}";

        var jobs = tenant.Jobs;
        var id = await jobs.SubmitOkAsync(new
        {
            name = $"wc-{scheduler.ToLowerInvariant()}",
            appId = "wc-1.0",
            archive = true,
            archiveSystem = RemoteServiceSettings.ArchiveSystem,
            archivePath,
            maxRunTime = "00:10:00",
            inputs = new { sftpInput, httpInput, ftpInput },
            parameters = new { mode = "words" },
        });

        var final = await jobs.WaitForTerminalAsync(id, JobTimeout);
        Assert.True(final == "FINISHED", $"job {id} ended {final}: {await jobs.DescribeHistoryAsync(id)}\n{tenant.Service.Diagnostics()}");

        var job = await GetAsync(jobs, id);
        var context = $"job: {job}\nhistory: {await jobs.DescribeHistoryAsync(id)}";
        Assert.Equal(systemId, Str(job, "systemId"));
        Assert.True(StrOrNull(job, "remoteOutcome") == "FINISHED", context);
        Assert.Equal(1, job.GetProperty("submitRetries").GetInt32());
        Assert.True(job.GetProperty("remoteStatusChecks").GetInt32() >= 1, context);
        Assert.Equal(RemoteServiceSettings.ArchiveSystem, Str(job, "archiveSystem"));
        Assert.Equal(archivePath, Str(job, "archivePath").Trim('/'));
        Assert.True(Time(job, "remoteSubmitted") <= Time(job, "remoteEnded") && Time(job, "remoteEnded") <= Time(job, "ended"), context);
        Assert.Contains(new Uri(httpInput).AbsolutePath.TrimStart('/'), files.Requests);

        // The run's result, archived over SFTP: one count per input, in the order sftp, http, ftp.
        var archiveFolder = $"{tenant.ArchiveRoot}/{archivePath}";
        var wc = tenant.ReadRemoteText($"{archiveFolder}/wc.txt");
        Assert.True(wc is not null, $"{archiveFolder}/wc.txt is missing on the SSH host; archive holds [{string.Join(", ", tenant.ListRemote(archiveFolder) ?? [])}]; {context}");
        Assert.Equal(new[] { "3", "5", "7" }, wc.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

        // Archiving copies what the run created, not the staged inputs.
        var archived = tenant.ListRemote(archiveFolder)!;
        Assert.True(!archived.Contains("sftp-words.txt") && !archived.Contains(httpName) && !archived.Contains("ftp-words.txt"),
            $"the archive holds staged inputs: {string.Join(", ", archived)}");
        return job;
    }
}
