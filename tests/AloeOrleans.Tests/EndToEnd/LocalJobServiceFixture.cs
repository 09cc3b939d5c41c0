namespace AloeOrleans.Tests.EndToEnd;

/// <summary>One service with <see cref="LocalJobSeed"/> and a file-size limit of 1 MiB for LOCAL jobs, plus an input file server.</summary>
public sealed class LocalJobServiceFixture : ServiceWithFilesFixture
{
    public const int MaxFileSizeMb = 1;

    protected override Task<AloeServiceProcess> StartServiceAsync() =>
        AloeServiceProcess.StartAsync(LocalJobSeed.Write, environment: new Dictionary<string, string>
        {
            ["Aloe__Execution__LocalMaxFileSizeMb"] = MaxFileSizeMb.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
}
