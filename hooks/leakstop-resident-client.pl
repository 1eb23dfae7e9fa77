# leakstop: hands a hook's check to the resident process (LEAKSTOP_RESIDENT=1, see leakstop's README) in a few
# milliseconds instead of node's start. Run by hooks/pre-commit, pre-push and commit-msg, which sit beside it:
#   perl leakstop-resident-client.pl LAUNCHER KIND DIFF_ID ARG...
# KIND "install": the process waiting for this install's next commit, sent the diff piped in on stdin;
# "push": the same process, sent the pre-push hook's stdin (git's ref lines) whole;
# "message": the process that checked this commit's staged changes and waits for its message, sent no diff.
# It finds the process by the resolved launcher (install- or message-<FNV-1a of its path> in the private runtime
# directory), sends the hook's arguments, directory, environment, terminal and diff, and relays what comes back
# (src/cli/resident/protocol.ts). Exit 75: no process for this install, stdin left unread for node; 74: the
# process declined the request (another version, another node, another repository) or never answered, after
# stdin was read; 76 and 77: it stopped, or fell silent for 10 s, after it had begun answering.
# Whatever fails in Perl itself leaves the hook to node. No module is loaded on Linux: each costs 3-11 ms.
our $diff_read = 0;
BEGIN { $SIG{__DIE__} = sub { exit($diff_read ? 74 : 75) unless $^S } }
my ($bin, $link_kind, $diff_id, @argv) = @ARGV;
exit 75 unless defined $link_kind && ($link_kind eq "install" || $link_kind eq "push" || $link_kind eq "message");
my $dir;
if ($ENV{XDG_RUNTIME_DIR}) { $dir = "$ENV{XDG_RUNTIME_DIR}/leakstop" }
else { my $tmp = $ENV{TMPDIR} || $ENV{TMP} || $ENV{TEMP} || "/tmp"; $tmp =~ s{/$}{} if length $tmp > 1; $dir = "$tmp/leakstop-$<" }
my @dir_stat = lstat $dir;
exit 75 unless @dir_stat && -d _ && $dir_stat[4] == $< && ($dir_stat[2] & 077) == 0;
# The shell keeps PWD true (POSIX); checked against "." all the same.
my $cwd = $ENV{PWD} // "";
my @pwd_stat = stat $cwd;
my @here_stat = stat ".";
exit 75 unless $cwd =~ m{^/} && @pwd_stat && @here_stat && $pwd_stat[0] == $here_stat[0] && $pwd_stat[1] == $here_stat[1];
# The launcher resolved as realpath(3) would: each component, links followed.
sub resolved {
  my @rest = grep { length } split m{/}, shift;
  my ($path, $links) = ("", 0);
  while (@rest) {
    my $part = shift @rest;
    next if $part eq ".";
    if ($part eq "..") { $path =~ s{/[^/]*$}{}; next }
    if (-l "$path/$part") {
      my $target = readlink "$path/$part";
      return undef if !defined $target || ++$links > 40;
      $path = "" if $target =~ m{^/};
      unshift @rest, grep { length } split m{/}, $target;
    } else { $path .= "/$part" }
  }
  return $path eq "" ? "/" : $path;
}
my $launcher = resolved($bin =~ m{^/} ? $bin : "$cwd/$bin");
# pnpm puts a shell script in .bin, not a link: the package it runs is the leakstop beside .bin.
$launcher = resolved("$launcher/../../leakstop/dist/cli/main.cjs") if defined $launcher && $launcher !~ m{/dist/cli/main[.]cjs$};
exit 75 unless defined $launcher && -f $launcher;
my $hash = 0x811c9dc5;
$hash = (($hash ^ $_) * 0x01000193) & 0xffffffff for unpack "C*", $launcher;
my ($node) = grep { -f $_ && -x _ } map { ($_ eq "" ? "." : $_) . "/node" } split /:/, $ENV{PATH} // "", -1;
exit 75 unless defined $node;
my $link = sprintf "%s/%s-%08x", $dir, ($link_kind eq "message" ? "message" : "install"), $hash;
my $sock;
if ($^O eq "linux") { socket($sock, 1, 1, 0) && connect($sock, pack("S", 1) . $link) or exit 75 }
else { require Socket; socket($sock, Socket::PF_UNIX(), Socket::SOCK_STREAM(), 0) && connect($sock, Socket::pack_sockaddr_un($link)) or exit 75 }
$SIG{PIPE} = "IGNORE";
binmode $_ for \*STDIN, \*STDOUT, \*STDERR, $sock;
# As the node launcher: a diff over 256 KB is left to the resident process to run git for.
my $diff = "";
$diff_read = 1;
if ($link_kind eq "install") { while (length $diff <= 262144) { sysread(STDIN, $diff, 65536, length $diff) or last } }
# Ref lines, one per ref pushed: more than 16 MB is no push git makes, and is left to node (the stub kept them).
my $input = "";
if ($link_kind eq "push") {
  while (1) {
    my $got = sysread(STDIN, $input, 65536, length $input);
    exit 74 unless defined $got && length $input <= 16777216;
    last unless $got;
  }
}
close STDIN;
# The commit's message may come through this client too only where a commit-msg stub sits beside it, and only
# in a commit (git gives its hooks GIT_INDEX_FILE): otherwise the process would wait for it in vain.
(my $stubs = $0) =~ s{/[^/]*$}{};
my $message_follows = $link_kind eq "install" && defined $ENV{GIT_INDEX_FILE} && -x ($stubs eq $0 ? "commit-msg" : "$stubs/commit-msg");
sub json { my $text = shift; $text =~ s/(["\\\x00-\x1f])/sprintf("\\u%04x", ord $1)/ge; "\"$text\"" }
sub base64 {
  my $bytes = shift;
  my $text = join "", map { substr $_, 1 } split /\n/, pack "u", $bytes;
  $text =~ tr{` -_}{AA-Za-z0-9+/};
  my $pad = (3 - length($bytes) % 3) % 3;
  substr($text, -$pad) = "=" x $pad if $pad;
  return $text;
}
sub shape {
  my $fh = shift;
  return "{\"isTTY\":false}" unless -t $fh;
  my %winsize = (linux => 0x5413, darwin => 0x40087468, freebsd => 0x40087468, openbsd => 0x40087468, netbsd => 0x40087468);
  my $size = "\0" x 8;
  my $columns = $winsize{$^O} && ioctl($fh, $winsize{$^O}, $size) ? (unpack "S4", $size)[1] : 0;
  return $columns ? "{\"isTTY\":true,\"columns\":$columns}" : "{\"isTTY\":true}";
}
# Whole, as node writes: a pipe the hook inherited may be non-blocking.
sub relay {
  my ($fh, $data) = @_;
  while (length $data) {
    my $written = syswrite $fh, $data;
    if (defined $written) { substr($data, 0, $written) = ""; next }
    my $error = $! + 0;
    require Errno;
    return unless $error == Errno::EAGAIN();
    select undef, undef, undef, 0.01;
  }
}
my $request = "{\"argv\":[" . join(",", map { json($_) } @argv) . "],"
  . ($link_kind eq "install" && length $diff <= 262144 ? "\"stagedDiff\":\"" . base64($diff) . "\",\"stagedDiffId\":" . json($diff_id) . "," : "")
  . "\"cwd\":" . json($cwd) . ",\"env\":{" . join(",", map { json($_) . ":" . json($ENV{$_}) } sort keys %ENV) . "},"
  . "\"stdout\":" . shape(\*STDOUT) . ",\"stderr\":" . shape(\*STDERR) . ","
  . ($message_follows ? "\"messageFollows\":true," : "")
  . ($link_kind eq "push" ? "\"hookInput\":\"" . base64($input) . "\"," : "")
  . "\"install\":{\"launcher\":" . json($launcher) . ",\"node\":" . json($node) . "}}\n";
for (my $sent = 0; $sent < length $request;) { $sent += syswrite($sock, $request, length($request) - $sent, $sent) || exit 74 }
# Frames: a kind byte, a 32-bit length, the payload (FRAME and SILENCE_MS in src/cli/resident/protocol.ts).
my ($frame_stdout, $frame_stderr, $frame_exit, $frame_alive, $silence_seconds) = (1, 2, 3, 4, 10);
my ($frames, $answered, $pid) = ("", 0, 0);
my $readable = "";
vec($readable, fileno $sock, 1) = 1;
while (1) {
  if (select(my $ready = $readable, undef, undef, $silence_seconds) == 0) { kill 9, $pid if $pid; exit($answered ? 77 : 74) }
  sysread($sock, $frames, 65536, length $frames) or exit($answered ? 76 : 74);
  while (length $frames >= 5) {
    my ($kind, $bytes) = unpack "CN", $frames;
    last if length $frames < 5 + $bytes;
    my $payload = substr $frames, 5, $bytes;
    substr($frames, 0, 5 + $bytes) = "";
    exit ord $payload if $kind == $frame_exit;
    if ($kind == $frame_alive) { $pid = $payload if $payload =~ /^[0-9]+$/ && $payload > 1 && $payload != $$; next }
    $answered = 1;
    relay($kind == $frame_stdout ? \*STDOUT : \*STDERR, $payload) if $kind == $frame_stdout || $kind == $frame_stderr;
  }
}
