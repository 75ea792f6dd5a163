namespace Framework.Platform;

/// <summary>What a kernel thread is doing, in the vocabulary every backend can report.</summary>
public enum KernelThreadState
{
    Free, Created, Ready, Running, BlockedSend, BlockedReply, BlockedReceive, BlockedSemaphore, BlockedIrq, Dead,
}
