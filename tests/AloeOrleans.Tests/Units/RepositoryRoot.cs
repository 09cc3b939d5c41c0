namespace AloeOrleans.Tests.Units;

/// <summary>The checkout the tests were built from: the folder above the test binaries that holds AloeOrleans.sln.</summary>
public static class RepositoryRoot
{
    public static string Path()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(System.IO.Path.Combine(folder.FullName, "AloeOrleans.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("AloeOrleans.sln not found above the test folder");
    }
}
