// The ecosystem registry: the only list of ecosystems, and the only place their order is decided (see the
// contract in ../contract.ts). They are asked in this order, for each command and for the stage, and the
// first answer wins.
// Compiled languages come before Python and Node because their images often also run npm for front-end
// assets, while the process that runs is the binary, the jar or the assembly; Ruby and PHP apps (Rails,
// Laravel) build front-end assets with npm too. A static front end is a Node build whose CMD starts a web server.
// C and C++ come last: language images run make and gcc to build native modules of their own; after them only
// `system`, for images that build or download with the OS's own tools and no language's.
import type { Ecosystem } from '../contract.ts';
import { dotnet } from './dotnet.ts';
import { go } from './go.ts';
import { java } from './java.ts';
import { native } from './native.ts';
import { node } from './node.ts';
import { php } from './php.ts';
import { python } from './python.ts';
import { ruby } from './ruby.ts';
import { rust } from './rust.ts';
import { staticSite } from './static.ts';
import { system } from './system.ts';

export const ECOSYSTEMS: readonly Ecosystem[] = [go, rust, java, dotnet, ruby, php, staticSite, python, node, native, system];
