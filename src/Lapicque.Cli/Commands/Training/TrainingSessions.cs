using System.Text.Json;
using Lapicque.IO;

namespace Lapicque.Cli.Commands.Training;

/// <summary>
/// The trainers <c>lapicque train</c> knows, by the name in the experiment file's <c>"trainer"</c> field (default
/// "surrogate"). Adding a trainer is one line here and one <see cref="TrainingSession"/> subclass.
/// </summary>
internal static class TrainingSessions
{
    /// <summary>Creates a session from experiment JSON; <c>baseDir</c> resolves relative paths inside the file.</summary>
    public delegate TrainingSession Factory(string json, string? file, string? baseDir);

    private static readonly Dictionary<string, Factory> Factories = new(StringComparer.Ordinal)
    {
        ["surrogate"] = SurrogateSession.Create,
        ["exact"] = ExactSession.Create,
        ["ann"] = SurrogateSession.Create,
        ["stdp-diehl-cook"] = DiehlCookSession.Create,
        ["stdp-scnn"] = ScnnSession.Create,
    };

    /// <summary>Trainer names, in registration order.</summary>
    public static IReadOnlyList<string> Names => [.. Factories.Keys];

    /// <summary>
    /// Reads the trainer name of an experiment and lets its factory parse the file. Throws
    /// <see cref="FileFormatException"/> for malformed JSON, an unknown trainer or a bad field.
    /// </summary>
    public static TrainingSession Open(string json, string? file, string? baseDir)
    {
        using var doc = JsonValue.Parse(json, file);
        var root = new JsonValue(doc.RootElement, "$", file);
        if (root.Kind != JsonValueKind.Object)
        {
            throw root.Error("expected an object (the experiment).");
        }

        string trainer = root.Optional("trainer")?.String() ?? "surrogate";
        if (!Factories.TryGetValue(trainer, out var factory))
        {
            throw new FileFormatException(file, "$.trainer", $"unknown trainer '{trainer}'; expected one of: {string.Join(", ", Factories.Keys)}.");
        }

        return factory(json, file, baseDir);
    }
}
