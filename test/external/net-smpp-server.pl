#!/usr/bin/perl
# A small SMSC built on Net::SMPP (libnet-smpp-perl): Net::SMPP->new_listen, one select loop over
# every connection. It answers binds, submit_sm (submit_sm_resp with a message_id), enquire_link and
# unbind, and sends a delivery receipt deliver_sm to a receiver/transceiver bind of the submitting
# system_id when registered_delivery asks for one. It records what Net::SMPP decoded from the
# client and prints it as one JSON line when it gets SIGTERM (or after exit-after-ms).
#
#   perl net-smpp-server.pl [key=value ...]
#     port=0              listen port on 127.0.0.1 (0 = free; the chosen one is printed first:
#                         "LISTENING <port>")
#     password=pw         the password every system_id must give
#     refuse=0            refuse every bind with this command_status (e.g. 13 = ESME_RBINDFAIL)
#     id_base=hex         message_id base in submit_sm_resp: hex | dec
#     receipt_id_base=same  base of the id in the receipt (text and TLV): same | hex | dec
#     receipt_tlvs=1      add receipted_message_id and message_state TLVs (0 = text only)
#     dlr_delay_ms=0      delay from submit_sm to its receipt
#     exit_after_ms=60000 give up and print the summary after this long (a safety bound)
#     throttle_every=0    answer every n-th submit_sm ESME_RTHROTTLED (with Net::SMPP's body)
#     unbind_after=0      after the n-th submit_sm (counted over all sessions), send unbind to that
#                         session and close it once the unbind_resp arrives
#
# Net::SMPP has no v3.4 receipt helper (its delivery_receipt PDU is SMPP v4 only), so the receipt
# text is written here in the v3.4 Appendix B layout, and its TLVs are given as raw octets: Net::SMPP
# packs a named TLV's value as is, so the C-octet string's NUL and the 1-octet state are explicit.

use strict;
use warnings;
use IO::Select;
use JSON::PP;
use POSIX qw(strftime);
use Time::HiRes qw(time);
use Net::SMPP;

my %opt = (port => 0, password => 'pw', refuse => 0, id_base => 'hex', receipt_id_base => 'same', receipt_tlvs => 1,
  dlr_delay_ms => 0, exit_after_ms => 60_000, throttle_every => 0, unbind_after => 0);
for (@ARGV) { my ($k, $v) = /^([a-z_]+)=(.*)$/ or die "bad argument $_\n"; die "unknown option $k\n" unless exists $opt{$k}; $opt{$k} = $v }

my @warnings;
local $SIG{__WARN__} = sub { my $w = shift; $w =~ s/\s+$//; push @warnings, $w };

my $listener = Net::SMPP->new_listen('127.0.0.1', port => $opt{port}, smpp_version => 0x34, system_id => 'perlsmsc')
  or die "cannot listen: $!\n";
$| = 1;
print 'LISTENING ', $listener->sockport, "\n";

my %count = map { $_ => 0 } qw(connections bind_ok bind_refused submit_sm submit_sm_resp deliver_sm deliver_sm_resp
  enquire_link enquire_link_resp_sent unbind generic_nack unknown closed_by_peer throttled unbind_sent unbind_resp);
my (@binds, @submit_samples, @deliver_sm_resp_bodies, %unknown_commands, %deliver_sm_resp_status);
my %session;    # "$sock" -> { sock, type, system_id }
my @pending;    # receipts: [due_time, system_id, fields...]
my $next_id = 0x1a2b3c00;
my $stop = 0;
$SIG{TERM} = sub { $stop = 1 };
my $deadline = time + $opt{exit_after_ms} / 1000;
my $sel = IO::Select->new($listener);

# Commas, not =>: a fat comma would quote the constant's name.
my %BIND_TYPE = (Net::SMPP::CMD_bind_transmitter, 'tx', Net::SMPP::CMD_bind_receiver, 'rx', Net::SMPP::CMD_bind_transceiver, 'trx');
my %BIND_RESP = (tx => 'bind_transmitter_resp', rx => 'bind_receiver_resp', trx => 'bind_transceiver_resp');

sub hex_of { '0x' . unpack('H*', $_[0] // '') }

sub fmt_id {
  my ($n, $base) = @_;
  return $base eq 'dec' ? sprintf('%d', $n) : sprintf('%x', $n);
}

sub drop {
  my ($s) = @_;
  $sel->remove($s);
  delete $session{"$s"};
  $s->close;
}

sub on_bind {
  my ($s, $pdu, $type) = @_;
  my %b = (type => $type, map { $_ => $pdu->{$_} } qw(system_id system_type interface_version addr_ton addr_npi address_range));
  $b{password_length} = length($pdu->{password});
  push @binds, \%b;
  my $method = $BIND_RESP{$type};
  my $status = $opt{refuse} ? 0 + $opt{refuse} : $pdu->{password} eq $opt{password} ? 0 : 0x0d;
  if ($status) {
    $count{bind_refused}++;
    $s->$method(seq => $pdu->{seq}, status => $status, system_id => '');
    return;
  }
  $count{bind_ok}++;
  $session{"$s"} = { sock => $s, type => $type, system_id => $pdu->{system_id} };
  # sc_interface_version by its numeric tag (Net::SMPP packs a small number as one signed octet).
  $s->$method(seq => $pdu->{seq}, system_id => 'perlsmsc', 0x0210 => 0x34);
}

sub on_submit {
  my ($s, $pdu) = @_;
  $count{submit_sm}++;
  if (@submit_samples < 3) {
    push @submit_samples, { map({ $_ => $pdu->{$_} } qw(service_type source_addr_ton source_addr_npi source_addr dest_addr_ton
      dest_addr_npi destination_addr esm_class protocol_id priority_flag schedule_delivery_time validity_period
      registered_delivery replace_if_present_flag data_coding sm_default_msg_id)), short_message_hex => hex_of($pdu->{short_message}) };
  }
  my $sess = $session{"$s"};
  if (!$sess || $sess->{type} eq 'rx') {
    $s->submit_sm_resp(seq => $pdu->{seq}, status => 0x04, message_id => '');    # ESME_RINVBNDSTS
    return;
  }
  if ($opt{throttle_every} && $count{submit_sm} % $opt{throttle_every} == 0) {
    $count{throttled}++;
    $s->submit_sm_resp(seq => $pdu->{seq}, status => 0x58, message_id => '');    # ESME_RTHROTTLED
    return;
  }
  my $n = $next_id++;
  $s->submit_sm_resp(seq => $pdu->{seq}, message_id => fmt_id($n, $opt{id_base}));
  $count{submit_sm_resp}++;
  if ($opt{unbind_after} && $count{submit_sm} == $opt{unbind_after}) {
    $s->unbind(async => 1);
    $count{unbind_sent}++;
    $sess->{type} = 'unbinding';    # no receipts there any more
  }
  return unless ($pdu->{registered_delivery} & 0x03) == 0x01;
  my $rbase = $opt{receipt_id_base} eq 'same' ? $opt{id_base} : $opt{receipt_id_base};
  my $rid = fmt_id($n, $rbase);
  my $date = strftime('%y%m%d%H%M', gmtime);
  my $text = "id:$rid sub:001 dlvrd:001 submit date:$date done date:$date stat:DELIVRD err:000 text:" . substr($pdu->{short_message}, 0, 20);
  my @fields = (source_addr_ton => $pdu->{dest_addr_ton}, source_addr_npi => $pdu->{dest_addr_npi}, source_addr => $pdu->{destination_addr},
    dest_addr_ton => $pdu->{source_addr_ton}, dest_addr_npi => $pdu->{source_addr_npi}, destination_addr => $pdu->{source_addr},
    esm_class => 0x04, data_coding => 0, short_message => $text);
  push @fields, receipted_message_id => "$rid\0", message_state => chr(2) if $opt{receipt_tlvs};
  push @pending, [time + $opt{dlr_delay_ms} / 1000, $sess->{system_id}, @fields];
}

# Sends the receipts that are due, each to a receiver/transceiver bind of its system_id.
my $rr = 0;
sub send_due_receipts {
  my $now = time;
  my @later;
  for my $r (@pending) {
    my ($due, $sid, @fields) = @$r;
    my @to = grep { $_->{system_id} eq $sid && ($_->{type} eq 'rx' || $_->{type} eq 'trx') } sort { "$a->{sock}" cmp "$b->{sock}" } values %session;
    if ($due > $now || !@to) { push @later, $r; next }
    $to[$rr++ % @to]{sock}->deliver_sm(@fields, async => 1);
    $count{deliver_sm}++;
  }
  @pending = @later;
}

sub on_pdu {
  my ($s, $pdu) = @_;
  my $cmd = $pdu->{cmd};
  if (my $type = $BIND_TYPE{$cmd}) { on_bind($s, $pdu, $type) }
  elsif ($cmd == Net::SMPP::CMD_submit_sm) { on_submit($s, $pdu) }
  elsif ($cmd == Net::SMPP::CMD_enquire_link) { $count{enquire_link}++; $s->enquire_link_resp(seq => $pdu->{seq}); $count{enquire_link_resp_sent}++ }
  elsif ($cmd == Net::SMPP::CMD_deliver_sm_resp) {
    $count{deliver_sm_resp}++;
    $deliver_sm_resp_status{ $pdu->{status} }++;
    push @deliver_sm_resp_bodies, hex_of($pdu->{data}) if @deliver_sm_resp_bodies < 3;
  }
  elsif ($cmd == Net::SMPP::CMD_unbind) { $count{unbind}++; $s->unbind_resp(seq => $pdu->{seq}); drop($s) }
  elsif ($cmd == Net::SMPP::CMD_unbind_resp) { $count{unbind_resp}++; drop($s) }
  elsif ($cmd == Net::SMPP::CMD_generic_nack) { $count{generic_nack}++ }
  else {
    $count{unknown}++;
    $unknown_commands{ sprintf('0x%08x', $cmd) }++;
    $s->generic_nack(seq => $pdu->{seq}, status => 0x03) unless $cmd & 0x80000000;    # ESME_RINVCMDID
  }
}

while (!$stop && time < $deadline) {
  my $wait = 0.05;
  for my $s ($sel->can_read($wait)) {
    if ($s == $listener) {
      my $c = $listener->accept or next;
      $count{connections}++;
      $sel->add($c);
      next;
    }
    my $pdu = $s->read_pdu();
    if (!$pdu) { $count{closed_by_peer}++; drop($s); next }
    on_pdu($s, $pdu);
  }
  send_due_receipts() if @pending;
}

print JSON::PP->new->canonical->encode({ net_smpp_version => $Net::SMPP::VERSION, counts => \%count, binds => \@binds,
  submit_samples => \@submit_samples, deliver_sm_resp_bodies => \@deliver_sm_resp_bodies, deliver_sm_resp_status => \%deliver_sm_resp_status,
  unknown_commands => \%unknown_commands, receipts_undelivered => scalar(@pending), warnings => \@warnings,
  timed_out => ($stop ? JSON::PP::false : JSON::PP::true) }), "\n";
