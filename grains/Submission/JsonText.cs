using System.Text;
using System.Text.Json;

namespace AloeOrleans.Grains.Submission;

/// <summary>Builds compact JSON text with a <see cref="Utf8JsonWriter"/>, the form the job row stores.</summary>
internal static class JsonText
{
    public static string Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
