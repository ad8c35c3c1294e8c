@preconcurrency import Glibc
import LakeCommandLine

// Progress is line-buffered even into a pipe or a file, so a log keeps every line up to a crash.
setvbuf(stdout, nil, _IOLBF, 0)
// The executable only parses arguments and hands them to LakeKit.
exit(CommandLineTool(root: LakeCommand.self).run(Array(CommandLine.arguments.dropFirst())))
