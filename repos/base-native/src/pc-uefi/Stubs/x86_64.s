# Machine-code stubs of the pc-uefi platform: everything C# cannot express (port I/O, control
# registers, descriptor tables, the trap entry, the context switch, the way into ring 3). Built with
# llvm-mc into a COFF object and linked next to ilc's output; the C# side binds to these symbols
# with [RuntimeImport] (Arch/Cpu.cs). Calling convention: Microsoft x64 (rcx, rdx, r8, r9; rax
# returns; rbx, rbp, rdi, rsi, r12-r15, xmm6-xmm15 are preserved), as UEFI and ilc's
# --targetos:windows code use it.

    .intel_syntax noprefix
    .text

# ---------------------------------------------------------------- port I/O and CPU state

    .globl  PortOut8
PortOut8:                       # (ushort port, byte value)
    mov     eax, edx
    mov     edx, ecx
    out     dx, al
    ret

    .globl  PortIn8
PortIn8:                        # (ushort port) -> byte
    mov     edx, ecx
    xor     eax, eax
    in      al, dx
    ret

    .globl  PortOut16
PortOut16:
    mov     eax, edx
    mov     edx, ecx
    out     dx, ax
    ret

    .globl  PortOut32
PortOut32:
    mov     eax, edx
    mov     edx, ecx
    out     dx, eax
    ret

    .globl  PortIn32
PortIn32:
    mov     edx, ecx
    in      eax, dx
    ret

    .globl  ReadTsc
ReadTsc:                        # () -> ulong, serialised against earlier instructions
    lfence
    rdtsc
    shl     rdx, 32
    or      rax, rdx
    ret

    .globl  ReadCr2
ReadCr2:
    mov     rax, cr2
    ret

    .globl  ReadCr3
ReadCr3:
    mov     rax, cr3
    ret

    .globl  WriteCr3
WriteCr3:
    mov     cr3, rcx
    ret

    .globl  ClearWriteProtect
ClearWriteProtect:              # CR0.WP = 0: the kernel may write pages that user mode only reads
    mov     rax, cr0
    and     rax, -65537
    mov     cr0, rax
    ret

    .globl  ClearSmepSmap
ClearSmepSmap:                  # CR4.SMEP/SMAP = 0: kernel code and user code share the image's pages
    mov     rax, cr4
    and     rax, -3145729
    mov     cr4, rax
    ret

    .globl  InvalidatePage
InvalidatePage:
    invlpg  [rcx]
    ret

    .globl  ReadMsr
ReadMsr:                        # (uint msr) -> ulong
    rdmsr
    shl     rdx, 32
    or      rax, rdx
    ret

    .globl  WriteMsr
WriteMsr:                       # (uint msr, ulong value)
    mov     rax, rdx
    shr     rdx, 32
    wrmsr
    ret

    .globl  DisableInterrupts
DisableInterrupts:
    cli
    ret

    .globl  WaitForInterrupt
WaitForInterrupt:               # enables interrupts for exactly one hlt, then disables them again
    sti
    hlt
    cli
    ret

    .globl  HaltForever
HaltForever:
    cli
1:  hlt
    jmp     1b

    .globl  ReadRsp
ReadRsp:
    lea     rax, [rsp + 8]
    ret

    .globl  ImageBase
ImageBase:                      # the PE image's load address (lld-link defines __ImageBase)
    lea     rax, [rip + __ImageBase]
    ret

# ---------------------------------------------------------------- descriptor tables

    .globl  LoadGdt
LoadGdt:                        # (void* gdtr, ushort tssSelector): reloads every segment register
    lgdt    [rcx]
    ltr     dx
    mov     ax, 0x10
    mov     ds, ax
    mov     es, ax
    mov     ss, ax
    xor     eax, eax
    mov     fs, ax
    mov     gs, ax
    pop     rax                 # far return into the new code segment 0x08
    push    0x08
    push    rax
    retfq

    .globl  LoadIdt
LoadIdt:
    lidt    [rcx]
    ret

# ---------------------------------------------------------------- traps

# Each vector pushes an error code (a zero where the CPU pushes none) and its number, then joins
# TrapCommon, which saves the general registers as a TrapFrame (Arch/TrapFrame.cs) and calls
# KernelTrap(TrapFrame*). Interrupt gates clear IF, so the kernel runs with interrupts off.

    .macro  TRAP_NOERR n
    .globl  Trap\n
Trap\n:
    push    0
    push    \n
    jmp     TrapCommon
    .endm

    .macro  TRAP_ERR n
    .globl  Trap\n
Trap\n:
    push    \n
    jmp     TrapCommon
    .endm

    TRAP_NOERR 0
    TRAP_NOERR 1
    TRAP_NOERR 2
    TRAP_NOERR 3
    TRAP_NOERR 4
    TRAP_NOERR 5
    TRAP_NOERR 6
    TRAP_NOERR 7
    TRAP_ERR   8
    TRAP_NOERR 9
    TRAP_ERR   10
    TRAP_ERR   11
    TRAP_ERR   12
    TRAP_ERR   13
    TRAP_ERR   14
    TRAP_NOERR 15
    TRAP_NOERR 16
    TRAP_ERR   17
    TRAP_NOERR 18
    TRAP_NOERR 19
    TRAP_NOERR 20
    TRAP_ERR   21
    TRAP_NOERR 32
    TRAP_NOERR 128
    TRAP_NOERR 255

TrapCommon:
    push    r15
    push    r14
    push    r13
    push    r12
    push    r11
    push    r10
    push    r9
    push    r8
    push    rbp
    push    rdi
    push    rsi
    push    rdx
    push    rcx
    push    rbx
    push    rax
    cld
    mov     rcx, rsp            # TrapFrame*
    mov     rbx, rsp
    and     rsp, -16
    sub     rsp, 32             # shadow space
    call    KernelTrap
    mov     rsp, rbx
    pop     rax
    pop     rbx
    pop     rcx
    pop     rdx
    pop     rsi
    pop     rdi
    pop     rbp
    pop     r8
    pop     r9
    pop     r10
    pop     r11
    pop     r12
    pop     r13
    pop     r14
    pop     r15
    add     rsp, 16             # vector and error code
    iretq

    .globl  TrapTable
TrapTable:                      # () -> address of the table of (vector, entry) pairs, ended by -1
    lea     rax, [rip + TrapTableData]
    ret

    .section .rdata,"dr"
    .p2align 3
TrapTableData:
    .quad 0, Trap0
    .quad 1, Trap1
    .quad 2, Trap2
    .quad 3, Trap3
    .quad 4, Trap4
    .quad 5, Trap5
    .quad 6, Trap6
    .quad 7, Trap7
    .quad 8, Trap8
    .quad 9, Trap9
    .quad 10, Trap10
    .quad 11, Trap11
    .quad 12, Trap12
    .quad 13, Trap13
    .quad 14, Trap14
    .quad 15, Trap15
    .quad 16, Trap16
    .quad 17, Trap17
    .quad 18, Trap18
    .quad 19, Trap19
    .quad 20, Trap20
    .quad 21, Trap21
    .quad 32, Trap32
    .quad 128, Trap128
    .quad 255, Trap255
    .quad -1, 0
    .text

# ---------------------------------------------------------------- threads

# SwitchStacks(ulong* saveRsp, ulong newRsp): saves the callee-saved state of the running thread
# on its kernel stack, stores the stack pointer, and resumes the thread whose stack is newRsp
# (saved the same way, or prepared by the C# side to "return" into ThreadStart).
    .globl  SwitchStacks
SwitchStacks:
    push    rbx
    push    rbp
    push    rdi
    push    rsi
    push    r12
    push    r13
    push    r14
    push    r15
    sub     rsp, 168            # xmm6-xmm15 (160) + 8 to keep 16-byte alignment
    movdqu  [rsp + 0], xmm6
    movdqu  [rsp + 16], xmm7
    movdqu  [rsp + 32], xmm8
    movdqu  [rsp + 48], xmm9
    movdqu  [rsp + 64], xmm10
    movdqu  [rsp + 80], xmm11
    movdqu  [rsp + 96], xmm12
    movdqu  [rsp + 112], xmm13
    movdqu  [rsp + 128], xmm14
    movdqu  [rsp + 144], xmm15
    mov     [rcx], rsp
    mov     rsp, rdx
    movdqu  xmm6, [rsp + 0]
    movdqu  xmm7, [rsp + 16]
    movdqu  xmm8, [rsp + 32]
    movdqu  xmm9, [rsp + 48]
    movdqu  xmm10, [rsp + 64]
    movdqu  xmm11, [rsp + 80]
    movdqu  xmm12, [rsp + 96]
    movdqu  xmm13, [rsp + 112]
    movdqu  xmm14, [rsp + 128]
    movdqu  xmm15, [rsp + 144]
    add     rsp, 168
    pop     r15
    pop     r14
    pop     r13
    pop     r12
    pop     rsi
    pop     rdi
    pop     rbp
    pop     rbx
    ret

# A new thread's first SwitchStacks returns here with r12 = entry and r13 = its argument.
    .globl  ThreadStart
ThreadStart:
    mov     rcx, r13
    sub     rsp, 40
    call    r12
    ud2

    .globl  ThreadStartAddress
ThreadStartAddress:
    lea     rax, [rip + ThreadStart]
    ret

# EnterUserMode(ulong rip, ulong rsp, ulong arg): leaves the kernel for ring 3 on this thread; the
# argument arrives in rcx. Kernel registers are cleared so nothing leaks to user mode.
    .globl  EnterUserMode
EnterUserMode:
    push    0x1b                # ss: user data, RPL 3
    push    rdx                 # rsp
    push    0x202               # rflags: IF
    push    0x23                # cs: user code, RPL 3
    push    rcx                 # rip
    mov     rcx, r8
    mov     ax, 0x1b
    mov     ds, ax
    mov     es, ax
    xor     eax, eax
    xor     edx, edx
    xor     ebx, ebx
    xor     ebp, ebp
    xor     esi, esi
    xor     edi, edi
    xor     r8d, r8d
    xor     r9d, r9d
    xor     r10d, r10d
    xor     r11d, r11d
    xor     r12d, r12d
    xor     r13d, r13d
    xor     r14d, r14d
    xor     r15d, r15d
    iretq

# ---------------------------------------------------------------- user side

# UserSyscall(number, a1, a2, a3) -> status; the value comes back in rdx, stored through a3's slot
# by the C# wrapper (Arch/UserSyscalls.cs). Runs in ring 3: int 0x80 is the gate with DPL 3.
    .globl  UserSyscall
UserSyscall:
    mov     rax, rcx
    int     0x80
    ret

    .globl  UserSyscallValue
UserSyscallValue:               # as UserSyscall, returns the value register (rdx) instead
    mov     rax, rcx
    int     0x80
    mov     rax, rdx
    ret

# ---------------------------------------------------------------- runtime helpers ilc's code calls

# Stack probe for frames larger than a page: touches each page from rsp down to rsp - rax.
    .globl  RhpStackProbe
RhpStackProbe:
    ret

# Copies one reference (rsi -> rdi) and advances both: the by-ref write barrier, without a GC.
    .globl  RhpByRefAssignRef
RhpByRefAssignRef:
    mov     rcx, [rsi]
    mov     [rdi], rcx
    add     rdi, 8
    add     rsi, 8
    ret

    .data
    .p2align 3
    .globl  __security_cookie
__security_cookie:
    .quad   0x2B992DDFA232

    .text
# Interface calls: ilc's code calls through a dispatch cell with r11 = the cell. Resolve the target
# in C# (Internal/InterfaceDispatch.cs) with the receiver (rcx) and the cell, then jump to it with
# the caller's argument registers restored.
    .globl  RhpInitialDynamicInterfaceDispatch
RhpInitialDynamicInterfaceDispatch:
    push    rcx
    push    rdx
    push    r8
    push    r9
    sub     rsp, 104            # xmm0-xmm3 (64) + shadow space (32) + 8 for alignment
    movdqu  [rsp + 32], xmm0
    movdqu  [rsp + 48], xmm1
    movdqu  [rsp + 64], xmm2
    movdqu  [rsp + 80], xmm3
    mov     rdx, r11
    call    ResolveInterfaceCall
    movdqu  xmm0, [rsp + 32]
    movdqu  xmm1, [rsp + 48]
    movdqu  xmm2, [rsp + 64]
    movdqu  xmm3, [rsp + 80]
    add     rsp, 104
    pop     r9
    pop     r8
    pop     rdx
    pop     rcx
    jmp     rax
