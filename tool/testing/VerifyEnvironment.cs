namespace Framework.Testing;

/// <summary>
/// The environment switches, with Verify's names. Reading goes through a delegate so tests can
/// drive both the local and the build-server path whatever the real environment (CI sets CI=true).
/// </summary>
internal sealed class VerifyEnvironment(Func<string, string?> read)
{
    public const string AutoVerifyVariable = "Verify_AutoVerify";

    // DiffEngine's BuildServerDetector list, by variable.
    private static readonly string[] BuildServerVariables =
    [
        "CI", "GITHUB_ACTIONS", "GITHUB_ACTION", "TF_BUILD", "AGENT_ID", "JENKINS_URL", "TEAMCITY_VERSION",
        "GITLAB_CI", "APPVEYOR", "TRAVIS", "BUILDKITE", "CIRCLECI", "BITBUCKET_BUILD_NUMBER", "BUILD_BUILDID",
        "TEAMCITY_PROJECT_NAME", "CODEBUILD_BUILD_ID", "DRONE",
    ];

    public static VerifyEnvironment Process { get; } = new(Environment.GetEnvironmentVariable);

    /// <summary>True when <c>Verify_AutoVerify=true</c> (case-insensitive) asks to accept received text.</summary>
    public bool AutoVerifyRequested => string.Equals(read(AutoVerifyVariable)?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The first variable that marks a build server, or null on a developer machine.</summary>
    public string? BuildServerVariable => BuildServerVariables.FirstOrDefault(IsSet);

    // "CI=false" or "CI=0" is how people switch detection off locally; honour it.
    private bool IsSet(string name) =>
        read(name)?.Trim() is { Length: > 0 } value
        && !value.Equals("false", StringComparison.OrdinalIgnoreCase)
        && value != "0";
}
