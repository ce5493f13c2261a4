async function fetchUserData(userId) {
  // fetch() sends each request the moment it is called;
  // Promise.all only waits (here __profile_ms__, __posts_ms__ and __followers_ms__ ms)
  const [profile, posts, followers] = await Promise.all([
    fetch(`https://api1.com/users/${userId}`),
    fetch(`https://api2.com/users/${userId}/posts`),
    fetch(`https://api3.com/users/${userId}/followers`),
  ]);

  return {
    profile: await profile.json(),
    posts: await posts.json(),
    followers: await followers.json(),
  };
}

const data = await fetchUserData(1);
