import Foundation
import LakeCommandLine

// The executable only parses arguments and hands them to LakeKit.
exit(CommandLineTool(root: LakeCommand.self).run(Array(CommandLine.arguments.dropFirst())))
