using System.Diagnostics;
using Framework.Platform;
using Framework.Rpc;

namespace Framework.Bench;

/// <summary>
/// The kernel's IPC alone, without core, init or generated stubs: a client thread calling a
/// server thread of another PD with an empty message. Twice: the server waits in the serve loop
/// (<see cref="IKernelPlatform.Serve"/>: the backend may run it on the caller's context), or in a plain
/// ReplyAndWait loop (every call switches threads). The pair shows what the switch costs.
/// </summary>
internal static class KernelIpc
{
    public static Samples RoundTrip(string kernelName, bool serveLoop, int batches, int iterations, TimeSpan warmUp)
    {
        var machine = Kernels.Boot(kernelName);
        var kernel = machine.Kernel;
        var server = kernel.CreatePd("server", 64, 256);
        var client = kernel.CreatePd("client", 64, 256);
        var endpoint = default(EndpointHandle);
        var serverThread = kernel.CreateThread(server, "server", 1, () => (serveLoop ? ServeLoop(kernel, endpoint) : PlainLoop(kernel, endpoint))());
        endpoint = kernel.CreateEndpoint(serverThread);
        var selector = kernel.Delegate(client, kernel.MintObject(endpoint, 1));
        kernel.StartThread(serverThread);

        var samples = new Samples();
        kernel.StartThread(kernel.CreateThread(client, "client", 1, () =>
        {
            var port = kernel.PortOf(client);
            var message = port.Rent();
            void Batch(int n)
            {
                for (var i = 0; i < n; i++)
                {
                    message.Length = 0;
                    if (port.Call(selector, message) != IpcStatus.Ok)
                        throw new InvalidOperationException("the bench server did not answer");
                }
            }
            var warmUntil = Stopwatch.GetTimestamp() + (long)(warmUp.TotalSeconds * Stopwatch.Frequency);
            do
                Batch(iterations);
            while (Stopwatch.GetTimestamp() < warmUntil);
            for (var b = 0; b < batches; b++)
            {
                var start = Stopwatch.GetTimestamp();
                Batch(iterations);
                samples.Add(Stopwatch.GetElapsedTime(start).TotalNanoseconds / iterations);
            }
            port.Return(message);
        }));
        machine.Host.Run(ulong.MaxValue);
        machine.Host.Shutdown();
        return samples;
    }

    private static Action ServeLoop(IKernelPlatform kernel, EndpointHandle endpoint) => () =>
    {
        var receive = new MessageBuffer(kernel.Info.MaxMessageBytes);
        var reply = new MessageBuffer(kernel.Info.MaxMessageBytes);
        kernel.Serve(endpoint, receive, _ => reply);
    };

    private static Action PlainLoop(IKernelPlatform kernel, EndpointHandle endpoint) => () =>
    {
        var receive = new MessageBuffer(kernel.Info.MaxMessageBytes);
        var reply = new MessageBuffer(kernel.Info.MaxMessageBytes);
        MessageBuffer? pending = null;
        while (kernel.ReplyAndWait(endpoint, pending, receive).Kind != ReceiveKind.Aborted)
            pending = reply;
    };
}
