const users = {
  1: { name: 'Ada Lovelace', email: 'ada@example.com' },
  2: { name: 'Linus Torvalds' },
};

function getUserName(id) {
  return users[id].name;
}

function emailDomain(id) {
  const user = users[id];
  return user.email.split('@')[1];
}

module.exports = { users, getUserName, emailDomain };
