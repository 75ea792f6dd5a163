using System.Diagnostics;
using System.Text;

namespace Framework.Tool.Tcl;

/// <summary>Commands that reach the host: puts, file and exec, confined by <see cref="TclInterpreterOptions"/>.</summary>
public sealed partial class TclInterpreter
{
    private void RegisterHostCommands()
    {
        Register("puts", CmdPuts);
        Register("flush", (_, a) =>
        {
            if (a.Count != 2)
            {
                return WrongArgs("flush channelId");
            }

            Channel(a[1]).Flush();
            return TclResult.Empty;
        });
        Register("file", CmdFile);
        Register("exec", CmdExec);
    }

    private TextWriter Channel(string name) => name switch
    {
        "stdout" => Options.Output,
        "stderr" => Options.ErrorOutput,
        _ => throw new TclResultException(TclResult.Error($"can not find channel named \"{name}\"")),
    };

    private TclResult CmdPuts(TclInterpreter interp, IReadOnlyList<string> a)
    {
        var i = 1;
        var newline = true;
        if (a.Count > 1 && a[1] == "-nonewline")
        {
            newline = false;
            i++;
        }

        string channel;
        if (a.Count - i == 1)
        {
            channel = "stdout";
        }
        else if (a.Count - i == 2)
        {
            channel = a[i++];
        }
        else
        {
            return WrongArgs("puts ?-nonewline? ?channelId? string");
        }

        var writer = Channel(channel);
        writer.Write(a[i]);
        if (newline)
        {
            // Tcl writes "\n" on every platform here; the host decides about translation.
            writer.Write('\n');
        }

        return TclResult.Empty;
    }

    private string HostPath(string path) => Path.Combine(Options.BaseDirectory, path);

    private TclResult CmdFile(TclInterpreter interp, IReadOnlyList<string> a)
    {
        if (a.Count < 3)
        {
            return WrongArgs("file subcommand name ?arg ...?");
        }

        var name = a[2];
        switch (a[1])
        {
            case "exists":
                return TclResult.FromBool(File.Exists(HostPath(name)) || Directory.Exists(HostPath(name)));
            case "isdirectory":
                return TclResult.FromBool(Directory.Exists(HostPath(name)));
            case "isfile":
                return TclResult.FromBool(File.Exists(HostPath(name)));
            case "join":
                return TclResult.Ok(FileJoin(a.Skip(2)));
            case "dirname":
                return TclResult.Ok(FileDirname(name));
            case "tail":
                return TclResult.Ok(FileTail(name));
            case "rootname":
            {
                var ext = FileExtension(name);
                return TclResult.Ok(name[..^ext.Length]);
            }

            case "extension":
                return TclResult.Ok(FileExtension(name));
            case "split":
                return TclResult.Ok(TclList.Format(FileSplit(name)));
            case "normalize":
                return TclResult.Ok(Path.GetFullPath(HostPath(name)).Replace('\\', '/'));
            case "size":
                return TclResult.FromInt(new FileInfo(HostPath(name)).Length);
            case "mkdir":
                foreach (var dir in a.Skip(2))
                {
                    Directory.CreateDirectory(HostPath(dir));
                }

                return TclResult.Empty;
            case "delete":
            {
                var force = false;
                var i = 2;
                for (; i < a.Count && a[i].StartsWith('-'); i++)
                {
                    if (a[i] == "--")
                    {
                        i++;
                        break;
                    }

                    force |= a[i] == "-force";
                }

                for (; i < a.Count; i++)
                {
                    var path = HostPath(a[i]);
                    if (Directory.Exists(path))
                    {
                        if (!force && Directory.EnumerateFileSystemEntries(path).Any())
                        {
                            return TclResult.Error($"error deleting \"{a[i]}\": directory not empty");
                        }

                        Directory.Delete(path, recursive: true);
                    }
                    else if (File.Exists(path))
                    {
                        File.Delete(path);
                    }
                }

                return TclResult.Empty;
            }

            case "copy" or "rename":
            {
                var force = a.Count == 5 && a[2] == "-force";
                var from = HostPath(a[^2]);
                var to = HostPath(a[^1]);
                if (Directory.Exists(to))
                {
                    to = Path.Combine(to, Path.GetFileName(from));
                }

                if (a[1] == "copy")
                {
                    File.Copy(from, to, force);
                }
                else
                {
                    File.Move(from, to, force);
                }

                return TclResult.Empty;
            }

            default:
                return TclResult.Error($"unknown or ambiguous subcommand \"{a[1]}\": must be copy, delete, dirname, exists, extension, isdirectory, isfile, join, mkdir, normalize, rename, rootname, size, split, or tail");
        }
    }

    internal static string FileJoin(IEnumerable<string> parts)
    {
        var result = string.Empty;
        foreach (var part in parts)
        {
            if (part.StartsWith('/'))
            {
                result = part;
            }
            else if (result.Length == 0)
            {
                result = part;
            }
            else
            {
                result = result.EndsWith('/') ? result + part : result + "/" + part;
            }
        }

        // Tcl normalises repeated and trailing separators in the joined result.
        while (result.Contains("//", StringComparison.Ordinal))
        {
            result = result.Replace("//", "/", StringComparison.Ordinal);
        }

        return result.Length > 1 ? result.TrimEnd('/') : result;
    }

    internal static List<string> FileSplit(string name)
    {
        var parts = new List<string>();
        if (name.StartsWith('/'))
        {
            parts.Add("/");
        }

        parts.AddRange(name.Split('/', StringSplitOptions.RemoveEmptyEntries));
        return parts;
    }

    internal static string FileDirname(string name)
    {
        var trimmed = name.Length > 1 ? name.TrimEnd('/') : name;
        var slash = trimmed.LastIndexOf('/');
        if (slash < 0)
        {
            return ".";
        }

        var dir = trimmed[..slash].TrimEnd('/');
        return dir.Length == 0 ? "/" : dir;
    }

    internal static string FileTail(string name)
    {
        var trimmed = name.TrimEnd('/');
        var slash = trimmed.LastIndexOf('/');
        return slash < 0 ? trimmed : trimmed[(slash + 1)..];
    }

    internal static string FileExtension(string name)
    {
        var tail = FileTail(name);
        var dot = tail.LastIndexOf('.');

        // A leading dot (".bashrc") names a file, not an extension.
        return dot <= 0 || !name.EndsWith(tail, StringComparison.Ordinal) ? string.Empty : tail[dot..];
    }

    /// <summary>
    /// Runs a host process, or a pipeline of them ("a | b"), with the simple redirections run scripts use:
    /// &lt; file, &lt;&lt; text, &gt; file, &gt;&gt; file, 2&gt; file, 2&gt;@1. Like Tcl, non-zero exit or output on
    /// stderr is an error; the result is stdout without its final newline.
    /// </summary>
    private TclResult CmdExec(TclInterpreter interp, IReadOnlyList<string> a)
    {
        if (!Options.AllowExec)
        {
            return TclResult.Error("exec is disabled by the host");
        }

        var i = 1;
        var ignoreStderr = false;
        var keepNewline = false;
        for (; i < a.Count && a[i].StartsWith('-'); i++)
        {
            if (a[i] == "--")
            {
                i++;
                break;
            }

            if (a[i] == "-ignorestderr")
            {
                ignoreStderr = true;
            }
            else if (a[i] == "-keepnewline")
            {
                keepNewline = true;
            }
            else
            {
                break;
            }
        }

        var stages = new List<List<string>> { new() };
        string? input = null;
        string? outFile = null;
        var appendOut = false;
        string? errFile = null;
        var mergeStderr = false;
        var background = false;
        for (; i < a.Count; i++)
        {
            var word = a[i];
            string Next() => i + 1 < a.Count ? a[++i] : throw new TclResultException(TclResult.Error($"can't specify \"{word}\" as last word in command"));
            switch (word)
            {
                case "|": stages.Add([]); break;
                case "<": input = File.ReadAllText(HostPath(Next())); break;
                case "<<": input = Next(); break;
                case ">": outFile = Next(); appendOut = false; break;
                case ">>": outFile = Next(); appendOut = true; break;
                case "2>": errFile = Next(); break;
                case "2>@1" or "2>@stdout": mergeStderr = true; break;
                case ">&": outFile = Next(); mergeStderr = true; break;
                case "&" when i == a.Count - 1: background = true; break;
                default: stages[^1].Add(word); break;
            }
        }

        if (stages.Any(s => s.Count == 0))
        {
            return TclResult.Error("illegal use of | or |& in command");
        }

        var errors = new StringBuilder();
        var data = input;
        var exitCode = 0;
        foreach (var stage in stages)
        {
            var info = new ProcessStartInfo(stage[0])
            {
                WorkingDirectory = Options.BaseDirectory,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in stage.Skip(1))
            {
                info.ArgumentList.Add(arg);
            }

            Process process;
            try
            {
                process = Process.Start(info) ?? throw new InvalidOperationException("process did not start");
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return TclResult.Error($"couldn't execute \"{stage[0]}\": no such file or directory");
            }

            using (process)
            {
                if (background)
                {
                    process.StandardInput.Close();
                    return TclResult.FromInt(process.Id);
                }

                var stderrTask = process.StandardError.ReadToEndAsync();
                var stdoutTask = process.StandardOutput.ReadToEndAsync();
                if (data is not null)
                {
                    process.StandardInput.Write(data);
                }

                process.StandardInput.Close();
                process.WaitForExit();
                data = stdoutTask.GetAwaiter().GetResult();
                var err = stderrTask.GetAwaiter().GetResult();
                if (mergeStderr)
                {
                    data += err;
                }
                else
                {
                    errors.Append(err);
                }

                exitCode = process.ExitCode;
            }
        }

        var output = data ?? string.Empty;
        if (outFile is not null)
        {
            if (appendOut)
            {
                File.AppendAllText(HostPath(outFile), output);
            }
            else
            {
                File.WriteAllText(HostPath(outFile), output);
            }

            output = string.Empty;
        }

        if (errFile is not null)
        {
            File.WriteAllText(HostPath(errFile), errors.ToString());
            errors.Clear();
        }

        if (!keepNewline && output.EndsWith('\n'))
        {
            output = output[..^1];
        }

        var stderrText = ignoreStderr ? string.Empty : errors.ToString().TrimEnd('\n');
        if (exitCode != 0 || stderrText.Length > 0)
        {
            var message = output;
            if (stderrText.Length > 0)
            {
                message = message.Length > 0 ? message + "\n" + stderrText : stderrText;
            }

            if (exitCode != 0 && message.Length == 0)
            {
                message = "child process exited abnormally";
            }

            SetErrorCode(exitCode != 0 ? $"CHILDSTATUS 0 {exitCode}" : "NONE");
            return TclResult.Error(message);
        }

        return TclResult.Ok(output);
    }
}
