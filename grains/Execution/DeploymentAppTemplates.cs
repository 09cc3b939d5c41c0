using System.Text;
using AloeOrleans.Grains.Catalog;
using AloeOrleans.Grains.Execution.Files;
using Microsoft.Extensions.Options;

namespace AloeOrleans.Grains.Execution;

/// <summary>Reads templates through the deployment system's files (<see cref="SystemAccess"/>), at most <see cref="ExecutionOptions.MaxTemplateBytes"/>.</summary>
public sealed class DeploymentAppTemplates(SystemAccess access, IOptions<ExecutionOptions> options) : IAppTemplates
{
    public async Task<string> ReadAsync(string tenantId, AppDefinition app, SystemDefinition deploymentSystem, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(deploymentSystem);
        var where = $"The template {deploymentSystem.Id}:{app.DeploymentPath}/{app.TemplatePath} of app {app.Id}";
        try
        {
            return await ReadAsync(access.FilesOf(tenantId, deploymentSystem), $"{app.DeploymentPath}/{app.TemplatePath}", where,
                options.Value.MaxTemplateBytes, cancellationToken);
        }
        catch (Exception exception) when (exception is not (OperationCanceledException or AppTemplateUnavailableException))
        {
            // An unreachable host, refused credentials, a path outside the root: the reason is the answer.
            throw new AppTemplateUnavailableException($"{where} cannot be read: {exception.Message}", exception);
        }
    }

    private static async Task<string> ReadAsync(ISystemFiles files, string relativePath, string where, long maxBytes, CancellationToken cancellationToken)
    {
        var path = await files.ResolveAsync(relativePath, cancellationToken);
        var kind = await files.KindAsync(path, cancellationToken);
        if (kind != FileKind.File)
        {
            throw new AppTemplateUnavailableException(kind == FileKind.Missing
                ? $"{where} does not exist"
                : $"{where} is not a regular file (a directory, symbolic link or special file)");
        }

        using var buffer = new MemoryStream();
        await files.ReadAsync(path, async (stream, ct) =>
        {
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    throw new AppTemplateUnavailableException($"{where} is larger than {maxBytes} bytes (Aloe:Execution:MaxTemplateBytes)");
                }

                buffer.Write(chunk, 0, read);
            }
        }, cancellationToken);
        buffer.Position = 0;
        using var reader = new StreamReader(buffer, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return await reader.ReadToEndAsync(cancellationToken);
    }
}
