#!/usr/bin/perl
# Net::SMPP (libnet-smpp-perl) as a client of an SMSC: the scenario named on the command line,
# run against HOST:PORT, with everything observed printed as one JSON object on stdout. The
# assertions live in net-smpp.test.ts; this script only drives Net::SMPP and reports.
#
#   perl net-smpp-client.pl HOST PORT SCENARIO SYSTEM_ID PASSWORD
#
# Scenarios:
#   bind_transmitter | bind_receiver | bind_transceiver   bind, then unbind
#   receipt-trx      transceiver: submit_sm (registered_delivery 1), the receipt deliver_sm
#                    answered, enquire_link, query_sm, unbind
#   receipt-tx-rx    submit on a transmitter, the receipt on a receiver bind of the same system_id
#   smsc-enquire     stay bound and silent until the SMSC sends enquire_link; answer it; unbind
#
# Every request is sent with async => 1 and its response awaited with IO::Select and a timeout:
# Net::SMPP's synchronous calls block in sysread without a bound, and its read loop clears any
# alarm() (read_hard does `alarm 0` after every read), so an alarm cannot bound them.

use strict;
use warnings;
use IO::Select;
use JSON::PP;
use Net::SMPP;

my ($host, $port, $scenario, $system_id, $password) = @ARGV;
die "usage: $0 HOST PORT SCENARIO SYSTEM_ID PASSWORD\n" unless defined $password;

my $WAIT = 5;    # seconds for any single PDU
my %out = (scenario => $scenario, net_smpp_version => $Net::SMPP::VERSION, steps => [], warnings => []);
local $SIG{__WARN__} = sub { my $w = shift; $w =~ s/\s+$//; push @{ $out{warnings} }, $w };

# Fields decoded as integers by Net::SMPP (everything else is an octet string).
my %NUMERIC = map { $_ => 1 } qw(
  source_addr_ton source_addr_npi dest_addr_ton dest_addr_npi esm_class protocol_id priority_flag
  registered_delivery replace_if_present_flag data_coding sm_default_msg_id message_state error_code
  interface_version addr_ton addr_npi);

# A PDU as JSON: command id, status, sequence, every decoded mandatory field, and the TLVs by
# numeric tag (value in hex) with the name Net::SMPP gives each (it stores a TLV under both).
# Octet strings that are not printable ASCII are shown as "0x…" hex.
my %TLV_TAG_OF_NAME = map { Net::SMPP::param_tab->{$_}{name} => $_ } keys %{ Net::SMPP::param_tab() };

sub pdu_json {
  my ($pdu) = @_;
  my (%fields, %tlvs, %tlv_names);
  for my $k (sort keys %$pdu) {
    next if $k =~ /^(?:cmd|status|seq|data|known_pdu|reserved)$/;
    my $v = $pdu->{$k};
    next unless defined $v;
    if ($k =~ /^\d+$/) {
      $tlvs{$k} = '0x' . unpack('H*', $v);
      $tlv_names{$k} = Net::SMPP::param_tab->{$k}{name} if defined Net::SMPP::param_tab->{$k};
    }
    elsif (exists $TLV_TAG_OF_NAME{$k} && exists $pdu->{ $TLV_TAG_OF_NAME{$k} }) { next }
    elsif ($NUMERIC{$k}) { $fields{$k} = 0 + $v }
    elsif ($v =~ /^[\x20-\x7e]*$/) { $fields{$k} = "$v" }
    else { $fields{$k} = '0x' . unpack('H*', $v) }
  }
  return { command_id => $pdu->{cmd}, command_status => $pdu->{status}, sequence_number => $pdu->{seq},
    fields => \%fields, tlvs => \%tlvs, tlv_names => \%tlv_names };
}

sub step { my ($name, $pdu, %extra) = @_; push @{ $out{steps} }, { name => $name, %{ pdu_json($pdu) }, %extra } }

sub finish {
  my ($error) = @_;
  $out{error} = $error if defined $error;
  print JSON::PP->new->canonical->encode(\%out), "\n";
  exit(defined $error ? 1 : 0);
}

# PDUs that arrived while waiting for something else, per connection.
my %queued;

# The next PDU on $s, within $WAIT seconds. enquire_link from the SMSC is answered here (as
# Net::SMPP's own wait_pdu does) and recorded.
sub next_pdu {
  my ($s, $what) = @_;
  my $sel = IO::Select->new($s);
  finish("timed out waiting for $what") unless $sel->can_read($WAIT);
  my $pdu = $s->read_pdu() or finish("connection ended while waiting for $what: " . (${*$s}{smpperror} // '?'));
  return $pdu;
}

# The PDU with command id $cmd (and sequence $seq when given); others are queued for later.
sub wait_for {
  my ($s, $cmd, $seq) = @_;
  my $q = $queued{"$s"} //= [];
  for my $i (0 .. $#$q) {
    my $p = $q->[$i];
    if ($p->{cmd} == $cmd && (!defined $seq || $p->{seq} == $seq)) { splice @$q, $i, 1; return $p }
  }
  my $what = sprintf('command 0x%08x%s', $cmd, defined $seq ? " seq $seq" : '');
  for (;;) {
    my $p = next_pdu($s, $what);
    return $p if $p->{cmd} == $cmd && (!defined $seq || $p->{seq} == $seq);
    if ($p->{cmd} == Net::SMPP::CMD_enquire_link) {
      $s->enquire_link_resp(seq => $p->{seq});
      step('smsc enquire_link (answered)', $p);
      next;
    }
    push @$q, $p;
  }
}

sub connect_smsc {
  my $s = Net::SMPP->new_connect($host, port => $port, timeout => $WAIT, async => 1)
    or finish("cannot connect to $host:$port: $!");
  return $s;
}

# Sends a request (async) and waits for its response.
sub request {
  my ($s, $method, @args) = @_;
  my $seq = $s->$method(@args);
  my $resp_id = { bind_transmitter => 0x80000002, bind_receiver => 0x80000001, bind_transceiver => 0x80000009,
    submit_sm => 0x80000004, query_sm => 0x80000003, enquire_link => 0x80000015, unbind => 0x80000006 }->{$method};
  return wait_for($s, $resp_id, $seq);
}

sub bind_as {
  my ($method, $pw) = @_;
  my $s = connect_smsc();
  my $resp = request($s, $method, system_id => $system_id, password => $pw);
  # What Net::SMPP put in the bind (its default; nothing passed here).
  step($method, $resp, sent_interface_version => 0 + ${*$s}{interface_version});
  return ($s, $resp);
}

sub unbind_and_close {
  my ($s, $label) = @_;
  step("unbind$label", request($s, 'unbind'));
  # The SMSC closes after unbind_resp; a read now returns EOF (or nothing within the wait).
  my $closed = 0;
  if (IO::Select->new($s)->can_read($WAIT)) {
    my $n = sysread($s, my $buf, 1);
    $closed = !defined($n) || $n == 0;
  }
  push @{ $out{steps} }, { name => "closed after unbind$label", closed => $closed ? JSON::PP::true : JSON::PP::false };
  $s->close;
}

my $SOURCE = 'PerlCo';
my $DEST = '447700900555';
my $TEXT = 'Hello from Net::SMPP';

sub submit_with_receipt {
  my ($s) = @_;
  my $resp = request($s, 'submit_sm', source_addr_ton => 5, source_addr => $SOURCE, dest_addr_ton => 1, dest_addr_npi => 1,
    destination_addr => $DEST, registered_delivery => 1, data_coding => 0, short_message => $TEXT);
  step('submit_sm', $resp);
  return $resp->{message_id};
}

sub take_receipt {
  my ($s) = @_;
  my $d = wait_for($s, Net::SMPP::CMD_deliver_sm);
  # Net::SMPP's deliver_sm_resp insists on a message_id; '' gives the NULL the spec asks for.
  $s->deliver_sm_resp(seq => $d->{seq}, message_id => '');
  step('deliver_sm (receipt, answered)', $d);
  return $d;
}

if ($scenario =~ /^bind_(transmitter|receiver|transceiver)$/) {
  my ($s, $resp) = bind_as($scenario, $password);
  finish('bind refused: ' . $resp->explain_status) if $resp->{status} != 0;
  unbind_and_close($s, '');
} elsif ($scenario eq 'wrong-password') {
  my ($s, $resp) = bind_as('bind_transceiver', "x$password");
  push @{ $out{steps} }, { name => 'explain_status', text => $resp->explain_status };
  $s->close;
} elsif ($scenario eq 'receipt-trx') {
  my ($s, $resp) = bind_as('bind_transceiver', $password);
  finish('bind refused') if $resp->{status} != 0;
  my $id = submit_with_receipt($s);
  take_receipt($s);
  step('enquire_link', request($s, 'enquire_link'));
  step('query_sm', request($s, 'query_sm', message_id => $id, source_addr_ton => 5, source_addr => $SOURCE));
  step('query_sm (unknown id)', request($s, 'query_sm', message_id => 'ffffffff', source_addr_ton => 5, source_addr => $SOURCE));
  unbind_and_close($s, '');
} elsif ($scenario eq 'receipt-tx-rx') {
  my ($rx, $r1) = bind_as('bind_receiver', $password);
  my ($tx, $r2) = bind_as('bind_transmitter', $password);
  finish('bind refused') if $r1->{status} != 0 || $r2->{status} != 0;
  submit_with_receipt($tx);
  take_receipt($rx);
  unbind_and_close($tx, ' (tx)');
  unbind_and_close($rx, ' (rx)');
} elsif ($scenario eq 'smsc-enquire') {
  my ($s, $resp) = bind_as('bind_transceiver', $password);
  finish('bind refused') if $resp->{status} != 0;
  my $p = next_pdu($s, 'the SMSC enquire_link');
  finish(sprintf('expected enquire_link, got 0x%08x', $p->{cmd})) unless $p->{cmd} == Net::SMPP::CMD_enquire_link;
  $s->enquire_link_resp(seq => $p->{seq});
  step('smsc enquire_link (answered)', $p);
  unbind_and_close($s, '');
} else {
  finish("unknown scenario $scenario");
}
finish();
